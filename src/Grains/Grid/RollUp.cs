namespace SmartCity.Grains.Grid;

/// <summary>
/// Summaries of parts (cells of a district, districts of the city) kept by part id, and their sum.
/// The sum is recomputed only when asked after a change.
/// </summary>
public sealed class RollUp
{
    private readonly Dictionary<string, LiveSummary> _parts = new(StringComparer.Ordinal);
    private LiveSummary? _total;

    public void Set(string partId, LiveSummary summary)
    {
        _parts[partId] = summary;
        _total = null;
    }

    public LiveSummary PartOrEmpty(string partId) => _parts.GetValueOrDefault(partId, LiveSummary.Empty);

    public LiveSummary Total => _total ??= _parts.Values.Aggregate(LiveSummary.Empty, (sum, part) => sum.Add(part));
}
