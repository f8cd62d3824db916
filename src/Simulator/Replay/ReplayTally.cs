using SmartCity.Simulator.Load;

namespace SmartCity.Simulator.Replay;

/// <summary>What a replay sent and what the twin made of it.</summary>
public sealed class ReplayTally
{
    private const int ExamplesKept = 20;
    private readonly Dictionary<string, long> _readingOutcomes = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _skipped = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _unknownEntities = new(StringComparer.Ordinal);
    private readonly List<string> _examples = [];

    public long ReadingsSent { get; private set; }

    public long ReportStepsSent { get; private set; }

    public long ReportStepsAccepted { get; private set; }

    public TimeSpan Elapsed { get; set; }

    public LatencySummary Latency { get; set; } = LatencySummary.Of([]);

    /// <summary>Reports the in-process twin woke for a deadline, a recheck or a closing.</summary>
    public int DeadlineWakeUps { get; set; }

    public long EventsSent => ReadingsSent + ReportStepsSent;

    public long Errors => _errors.Values.Sum();

    public IReadOnlyDictionary<string, long> ReadingOutcomes => _readingOutcomes;

    public IReadOnlyDictionary<string, long> ErrorsByReason => _errors;

    public IReadOnlyDictionary<string, long> SkippedByReason => _skipped;

    public IReadOnlyCollection<string> UnknownEntities => _unknownEntities;

    /// <summary>The first errors with the file line they came from.</summary>
    public IReadOnlyList<string> ErrorExamples => _examples;

    internal void Reading(ReplayEvent e, TwinClient.ReadingAnswer answer)
    {
        ReadingsSent++;
        _readingOutcomes[answer.Status] = _readingOutcomes.GetValueOrDefault(answer.Status) + 1;
        if (answer.Status is "applied" or "outdated" or "duplicate") return;
        if (answer.Errors.ContainsKey("entityId")) _unknownEntities.Add(e.EntityId);
        var (field, message) = answer.Errors.Count > 0 ? answer.Errors.First() : KeyValuePair.Create("reading", answer.Status);
        // Group by the field at fault, not the message: messages name values and would not add up.
        Error(e, $"reading {answer.Status}: {field}", $"{field}: {message}");
    }

    internal void ReportStep(ReplayEvent e, string? problem)
    {
        ReportStepsSent++;
        if (problem is null)
        {
            ReportStepsAccepted++;
            return;
        }
        string kind = e.Data.TryGetProperty("kind", out var k) ? k.ToString() : "?";
        Error(e, $"report {kind} refused: {Shorten(problem)}", problem);
    }

    internal void Skip(string reason) => _skipped[reason] = _skipped.GetValueOrDefault(reason) + 1;

    private void Error(ReplayEvent e, string reason, string detail)
    {
        _errors[reason] = _errors.GetValueOrDefault(reason) + 1;
        if (_examples.Count < ExamplesKept) _examples.Add($"line {e.Line} ({e.EntityId}): {detail}");
    }

    // "HTTP 400 location: Lat 42.1 ... is outside every grid cell" -> "HTTP 400 location".
    private static string Shorten(string problem)
    {
        int colon = problem.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? problem[..colon] : problem;
    }
}
