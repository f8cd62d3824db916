namespace SmartCity.Grains.Readings;

/// <summary>
/// The event-time rules every sensor-fed entity follows: an older reading never overwrites a newer
/// one, and a repeated reading id is applied once. Kept as persisted state of the entity.
/// </summary>
/// <remarks>
/// Duplicates are detected among the last <see cref="RememberedIds"/> reading ids. A repeat that
/// arrives later than that is also older than the readings that followed it, so event-time
/// ordering still keeps it from being applied.
/// </remarks>
[GenerateSerializer, Alias("SensorTrack")]
public sealed class SensorTrack
{
    public const int RememberedIds = 16;

    [NonSerialized]
    private HashSet<string>? _idLookup;

    /// <summary>Event time of the newest reading applied, per reading type.</summary>
    [Id(0)]
    public Dictionary<ReadingType, DateTimeOffset> LatestByType { get; set; } = [];

    /// <summary>The most recent reading ids, oldest first.</summary>
    [Id(1)]
    public List<string> RecentReadingIds { get; set; } = [];

    /// <summary>When the sensor was last heard from, whatever it said.</summary>
    public DateTimeOffset? LastHeardAt => LatestByType.Count == 0 ? null : LatestByType.Values.Max();

    /// <summary>Decides whether a reading should change state, and remembers it either way.</summary>
    public ReadingOutcome Register(Reading reading)
    {
        _idLookup ??= new HashSet<string>(RecentReadingIds, StringComparer.Ordinal);
        if (!_idLookup.Add(reading.ReadingId)) return ReadingOutcome.Duplicate;
        RecentReadingIds.Add(reading.ReadingId);
        if (RecentReadingIds.Count > RememberedIds)
        {
            _idLookup.Remove(RecentReadingIds[0]);
            RecentReadingIds.RemoveAt(0);
        }

        if (LatestByType.TryGetValue(reading.Type, out var latest) && reading.ObservedAt <= latest)
        {
            return ReadingOutcome.Outdated;
        }
        LatestByType[reading.Type] = reading.ObservedAt;
        return ReadingOutcome.Applied;
    }

    /// <summary>
    /// Registers a batch in order and hands each reading that is the newest of its type to
    /// <paramref name="applyNewest"/>, which changes the entity's state.
    /// </summary>
    public ReadingOutcome[] RegisterAll(Reading[] readings, Action<Reading> applyNewest)
    {
        var outcomes = new ReadingOutcome[readings.Length];
        for (int i = 0; i < readings.Length; i++)
        {
            outcomes[i] = Register(readings[i]);
            if (outcomes[i] == ReadingOutcome.Applied) applyNewest(readings[i]);
        }
        return outcomes;
    }

    /// <summary>True when nothing was heard for longer than the limit (or never): report "unknown".</summary>
    public bool IsSilent(DateTimeOffset now, TimeSpan silenceLimit) =>
        LastHeardAt is not { } heard || now - heard > silenceLimit;
}
