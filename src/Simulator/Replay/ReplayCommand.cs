using System.Globalization;

namespace SmartCity.Simulator.Replay;

/// <summary>
/// `replay FILE [--speed 60 | --max] [--from T] [--to T] [--target URL | --in-process --city FILE]
/// [--batch 1000] [--workers 4] [--label NAME] [--out RUN.json] [-- twin settings...]` and
/// `replay compare RUN.json RUN.json...`.
/// </summary>
public static class ReplayCommand
{
    public const string Usage = """
        usage: replay FILE [--speed 60 | --max] [--from TIME] [--to TIME]
                      [--in-process --city CITY.geojson | --target http://host:port]
                      [--batch 1000] [--workers 4] [--label NAME] [--out RUN.json] [-- TWIN SETTINGS...]
               replay compare RUN.json RUN.json [RUN.json...]
          Sends the events of FILE (an event file: docs/event-files.md) in event-time order through the
          twin's HTTP API. --speed N plays N seconds of history per second (default 60); --max sends as
          fast as the twin answers. In process (the default) a twin of CITY runs here on a virtual clock
          that follows the events, so deadlines, escalations and silent sensors behave as they did then;
          settings after -- go to that twin (e.g. -- --Reports:EscalationLevels=1 --db run.db).
          --target drives a running twin instead, as a load test. Prints progress, throughput, latency,
          errors and a digest of the final state; --out saves the figures for `replay compare`.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["compare", .. var runFiles]) return Compare(runFiles);
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        ReplayOptions options;
        try
        {
            options = ReplayOptions.Parse(args);
        }
        catch (FormatException error)
        {
            Console.Error.WriteLine($"replay: {error.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var result = await ReplayAsync(options, Console.Out, Console.Error, CancellationToken.None);
        return result is null ? 2 : 0;
    }

    /// <summary>Runs one replay and prints its report; null when it could not start (the reason is printed).</summary>
    public static async Task<ReplayResult?> ReplayAsync(ReplayOptions options, TextWriter output, TextWriter progressOutput, CancellationToken ct)
    {
        if (!File.Exists(options.File))
        {
            await output.WriteLineAsync($"replay: no file {options.File}");
            return null;
        }
        var file = EventFile.Read(options.File);
        var events = file.Events.Where(e => (options.From is null || e.EventTime >= options.From) && (options.To is null || e.EventTime <= options.To)).ToList();
        string pace = options.Speed is { } s ? FormattableString.Invariant($"--speed {s:0.##}") : "--max";
        string mode = options.Target is null ? "in process, virtual clock" : $"target {options.Target}";
        await output.WriteLineAsync(events.Count == 0
            ? $"replay {options.File}: no events to send ({file.Problems.Count} unreadable lines)"
            : FormattableString.Invariant($"replay {options.File}: {events.Count:N0} events from {events[0].EventTime:O} to {events[^1].EventTime:O}; {mode}; {pace}"));
        foreach (var problem in file.Problems.Take(10)) await output.WriteLineAsync($"  line {problem.Line} skipped: {problem.Reason}");
        if (file.Problems.Count > 10) await output.WriteLineAsync($"  ... and {file.Problems.Count - 10} more unreadable lines");

        InProcessTwin? twin = null;
        try
        {
            var start = options.From ?? (events.Count > 0 ? events[0].EventTime : DateTimeOffset.UtcNow);
            if (options.Target is null) twin = await InProcessTwin.StartAsync(options.TwinArguments, start);
            using var http = TwinCredential.Attach(new HttpClient { BaseAddress = options.Target ?? twin!.Address, Timeout = TimeSpan.FromMinutes(2) }, twin?.Token);
            var client = new TwinClient(http);
            var bar = new ConsoleProgressBar(progressOutput);
            var run = new ReplayRun(client, new ReplayPace(options.Speed, options.BatchSize, options.Workers), twin,
                p => bar.Show(p.Sent, p.Total, () => string.Create(CultureInfo.InvariantCulture,
                    $"{p.Sent:N0}/{p.Total:N0} events, {p.Sent / Math.Max(p.Elapsed.TotalSeconds, 1e-9):N0}/s, at {p.EventTime:yyyy-MM-dd HH:mm}")));
            var tally = await run.RunAsync(events, options.To ?? (events.Count > 0 ? events[^1].EventTime : null), ct);
            bar.Done();

            var sensorIds = events.Where(e => e.Type == "reading").Select(e => e.EntityId).Except(tally.UnknownEntities);
            string digest = await StateDigest.ComputeAsync(client, sensorIds, run.TwinReportIds, virtualClock: twin is not null, ct);
            var result = ResultOf(options, mode, pace, events.Count, file.Problems.Count, tally, digest);
            await PrintAsync(output, result, tally);
            if (options.Out is { } outPath) result.Save(outPath);
            return result;
        }
        finally
        {
            if (twin is not null) await twin.DisposeAsync();
        }
    }

    private static ReplayResult ResultOf(ReplayOptions options, string mode, string pace, int events, int fileProblems, ReplayTally tally, string digest) => new(
        options.Label ?? Path.GetFileNameWithoutExtension(options.File), options.File, mode, pace, options.TwinArguments,
        events, tally.EventsSent, tally.ReadingsSent, tally.ReadingOutcomes, tally.ReportStepsSent, tally.ReportStepsAccepted,
        tally.SkippedByReason.Values.Sum(), tally.Errors, tally.ErrorsByReason, [.. tally.UnknownEntities], fileProblems,
        tally.DeadlineWakeUps, tally.Elapsed.TotalSeconds, tally.EventsSent / Math.Max(tally.Elapsed.TotalSeconds, 1e-9),
        tally.Latency.P50, tally.Latency.P90, tally.Latency.P99, tally.Latency.Max, digest);

    private static async Task PrintAsync(TextWriter output, ReplayResult r, ReplayTally tally)
    {
        var text = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(text, $"sent {r.EventsSent:N0} events in {r.ElapsedSeconds:F1} s: {r.EventsPerSecond:N0} events/s"));
        string outcomes = string.Join(", ", r.ReadingOutcomes.OrderBy(o => o.Key).Select(o => string.Create(text, $"{o.Key} {o.Value:N0}")));
        await output.WriteLineAsync(string.Create(text, $"readings: {r.ReadingsSent:N0} sent{(outcomes.Length > 0 ? "; " : "")}{outcomes}"));
        await output.WriteLineAsync(string.Create(text,
            $"report steps: {r.ReportStepsSent:N0} sent, {r.ReportStepsAccepted:N0} accepted; deadline wake-ups {r.DeadlineWakeUps:N0}"));
        await output.WriteLineAsync(string.Create(text,
            $"latency ms ({tally.Latency.Count:N0} requests): p50 {r.LatencyP50Ms:F1}, p90 {r.LatencyP90Ms:F1}, p99 {r.LatencyP99Ms:F1}, max {r.LatencyMaxMs:F1}"));
        await output.WriteLineAsync(string.Create(text, $"errors: {r.Errors:N0}"));
        foreach (var (reason, count) in r.ErrorsByReason) await output.WriteLineAsync(string.Create(text, $"  {count,8:N0}  {reason}"));
        foreach (var example in tally.ErrorExamples) await output.WriteLineAsync($"  e.g. {example}");
        if (r.UnknownEntities.Count > 0)
        {
            await output.WriteLineAsync(string.Create(text,
                $"unknown entities ({r.UnknownEntities.Count:N0}), not in the twin's city: {string.Join(", ", r.UnknownEntities.Take(20))}{(r.UnknownEntities.Count > 20 ? ", ..." : "")}"));
        }
        foreach (var (reason, count) in tally.SkippedByReason) await output.WriteLineAsync(string.Create(text, $"not sent: {count:N0} ({reason})"));
        await output.WriteLineAsync($"digest of the final state: {r.Digest}");
    }

    private static int Compare(string[] runFiles)
    {
        if (runFiles.Length < 2)
        {
            Console.Error.WriteLine("replay compare: give two or more files saved with --out.");
            return 2;
        }
        var runs = new List<ReplayResult>();
        foreach (string path in runFiles)
        {
            try
            {
                runs.Add(ReplayResult.Load(path));
            }
            catch (Exception error) when (error is IOException or System.Text.Json.JsonException or InvalidDataException)
            {
                Console.Error.WriteLine($"replay compare: cannot read {path}: {error.Message}");
                return 2;
            }
        }
        Console.WriteLine(ReplayResult.CompareTable(runs));
        return 0;
    }
}
