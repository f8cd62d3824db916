using System.Globalization;
using System.Text.Json;

namespace SmartCity.Simulator.Replay;

/// <summary>A replay's figures as saved with --out, so runs can be compared side by side later.</summary>
public sealed record ReplayResult(
    string Label,
    string File,
    string Mode,
    string Pace,
    IReadOnlyList<string> TwinArguments,
    long Events,
    long EventsSent,
    long ReadingsSent,
    IReadOnlyDictionary<string, long> ReadingOutcomes,
    long ReportStepsSent,
    long ReportStepsAccepted,
    long Skipped,
    long Errors,
    IReadOnlyDictionary<string, long> ErrorsByReason,
    IReadOnlyList<string> UnknownEntities,
    int FileProblems,
    int DeadlineWakeUps,
    double ElapsedSeconds,
    double EventsPerSecond,
    double LatencyP50Ms,
    double LatencyP90Ms,
    double LatencyP99Ms,
    double LatencyMaxMs,
    string Digest)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public void Save(string path) => System.IO.File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    public static ReplayResult Load(string path) =>
        JsonSerializer.Deserialize<ReplayResult>(System.IO.File.ReadAllText(path), Json)
        ?? throw new InvalidDataException($"{path} holds no replay result.");

    /// <summary>Runs side by side: one row per figure, one column per run; ratios against the first run where they mean something.</summary>
    public static string CompareTable(IReadOnlyList<ReplayResult> runs)
    {
        var rows = new List<string[]>
        {
            Row("run", r => r.Label),
            Row("file", r => System.IO.Path.GetFileName(r.File)),
            Row("mode", r => r.Mode),
            Row("pace", r => r.Pace),
            Row("twin settings", r => r.TwinArguments.Count == 0 ? "(defaults)" : string.Join(' ', r.TwinArguments)),
            Row("events in file", r => Count(r.Events)),
            Row("events sent", r => Count(r.EventsSent)),
            Row("readings applied", r => Count(r.ReadingOutcomes.GetValueOrDefault("applied"))),
            Row("readings outdated", r => Count(r.ReadingOutcomes.GetValueOrDefault("outdated"))),
            Row("readings rejected", r => Count(r.ReadingOutcomes.GetValueOrDefault("rejected"))),
            Row("report steps accepted", r => $"{Count(r.ReportStepsAccepted)} of {Count(r.ReportStepsSent)}"),
            Row("deadline wake-ups", r => Count(r.DeadlineWakeUps)),
            Row("errors", r => Count(r.Errors)),
            Row("unknown entities", r => Count(r.UnknownEntities.Count)),
            Row("elapsed s", r => r.ElapsedSeconds.ToString("F1", CultureInfo.InvariantCulture)),
            RatioRow("events/s", r => r.EventsPerSecond, "F0"),
            RatioRow("latency p50 ms", r => r.LatencyP50Ms, "F1"),
            RatioRow("latency p90 ms", r => r.LatencyP90Ms, "F1"),
            RatioRow("latency p99 ms", r => r.LatencyP99Ms, "F1"),
            RatioRow("latency max ms", r => r.LatencyMaxMs, "F1"),
            Row("digest", r => r.Digest[..Math.Min(16, r.Digest.Length)]),
            Row("same final state as run 1", r => r.Digest == runs[0].Digest ? "yes" : "no"),
        };
        int[] widths = [.. Enumerable.Range(0, runs.Count + 1).Select(c => rows.Max(row => row[c].Length))];
        var lines = rows.Select(row => string.Join(" | ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))));
        return string.Join(Environment.NewLine, lines);

        string[] Row(string name, Func<ReplayResult, string> cell) => [name, .. runs.Select(cell)];

        string[] RatioRow(string name, Func<ReplayResult, double> figure, string format) =>
        [
            name,
            .. runs.Select((r, i) => figure(r).ToString(format, CultureInfo.InvariantCulture)
                + (i > 0 && figure(runs[0]) > 0 ? FormattableString.Invariant($" ({figure(r) / figure(runs[0]):F2}x)") : "")),
        ];
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
