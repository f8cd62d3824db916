using System.Diagnostics;
using System.Text.Json;
using SmartCity.Simulator.Load;

namespace SmartCity.Simulator.Replay;

/// <summary>How a replay paces and sends its events.</summary>
/// <param name="Speed">Event time per wall time (60: an hour of history per minute); null sends as fast as the twin takes them (--max).</param>
/// <param name="BatchSize">Readings per POST /api/readings at most.</param>
/// <param name="Workers">Batches of readings sent at once; each entity's readings always go through the same one, in order.</param>
public sealed record ReplayPace(double? Speed, int BatchSize = 1000, int Workers = 4);

/// <summary>
/// Sends an event file's events to a twin in event-time order, through its HTTP API: readings in
/// batches, report steps one by one (an official's step is taken by whoever the twin has the
/// report with). With an in-process twin the virtual clock follows the events, so the twin's
/// deadlines fall at their historical times. Counts what the twin accepted and rejected, and why.
/// </summary>
public sealed class ReplayRun(TwinClient client, ReplayPace pace, InProcessTwin? twin, Action<ReplayProgress>? progress = null)
{
    private readonly ReplayTally _tally = new();
    private readonly LatencyRecorder _latency = new();
    private readonly Dictionary<string, string> _twinReportIds = new(StringComparer.Ordinal);

    /// <summary>Source report id → the id the twin gave it, for the reports filed in this run.</summary>
    public IReadOnlyDictionary<string, string> TwinReportIds => _twinReportIds;

    public async Task<ReplayTally> RunAsync(IReadOnlyList<ReplayEvent> events, DateTimeOffset? runClockTo, CancellationToken ct)
    {
        var calls = _latency.ForWorker();
        var wall = Stopwatch.StartNew();
        var firstTime = events.Count > 0 ? events[0].EventTime : default;
        int next = 0;
        long lastProgress = 0;
        while (next < events.Count)
        {
            var e = events[next];
            if (pace.Speed is { } speed) await WaitForAsync(e.EventTime, firstTime, speed, wall, ct);
            int end = e.Type == "reading" ? EndOfBatch(events, next, firstTime, wall) : next + 1;
            // The clock reaches the last event of what is sent now: readings are never "in the future".
            if (twin is not null) await twin.AdvanceToAsync(events[end - 1].EventTime);
            if (e.Type == "reading") await SendReadingsAsync(events, next, end, ct);
            else if (e.Type == "report") await SendReportStepSafelyAsync(e, calls, ct);
            else _tally.Skip($"{e.Type} events are not re-sent");
            next = end;
            if (progress is not null && (wall.ElapsedMilliseconds - lastProgress >= 250 || next == events.Count))
            {
                lastProgress = wall.ElapsedMilliseconds;
                progress(new ReplayProgress(next, events.Count, wall.Elapsed, events[next - 1].EventTime));
            }
        }
        if (twin is not null && runClockTo is { } until) await twin.AdvanceToAsync(until);
        _tally.Elapsed = wall.Elapsed;
        _tally.Latency = _latency.Summarize();
        _tally.DeadlineWakeUps = twin?.WakeUps ?? 0;
        return _tally;
    }

    /// <summary>Waits until the wall clock reaches the event's place in the paced history.</summary>
    private static async Task WaitForAsync(DateTimeOffset eventTime, DateTimeOffset firstTime, double speed, Stopwatch wall, CancellationToken ct)
    {
        var due = TimeSpan.FromTicks((long)((eventTime - firstTime).Ticks / speed));
        var wait = due - wall.Elapsed;
        if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait, ct);
    }

    /// <summary>
    /// The end of the batch of readings starting at <paramref name="start"/>: up to the batch size,
    /// never past a report step (their order matters), and when paced only what is due by now.
    /// </summary>
    private int EndOfBatch(IReadOnlyList<ReplayEvent> events, int start, DateTimeOffset firstTime, Stopwatch wall)
    {
        int end = start + 1;
        var dueBy = pace.Speed is { } speed ? firstTime + wall.Elapsed * speed : DateTimeOffset.MaxValue;
        while (end < events.Count && end - start < pace.BatchSize && events[end].Type == "reading" && events[end].EventTime <= dueBy) end++;
        return end;
    }

    private async Task SendReadingsAsync(IReadOnlyList<ReplayEvent> events, int start, int end, CancellationToken ct)
    {
        // Each entity to one worker, so an entity's readings arrive in the order of the file.
        int workers = Math.Max(1, Math.Min(pace.Workers, end - start));
        var parts = Enumerable.Range(0, workers).Select(_ => new List<ReplayEvent>()).ToArray();
        for (int i = start; i < end; i++) parts[(int)((uint)StableHash(events[i].EntityId) % (uint)workers)].Add(events[i]);
        var sends = parts.Where(p => p.Count > 0).Select(async part =>
        {
            var latencies = _latency.ForWorker();
            TwinClient.ReadingAnswer[] answers;
            try
            {
                answers = await client.PostReadingsAsync(part, latencies, ct);
            }
            catch (HttpRequestException error)
            {
                answers = [.. part.Select(_ => new TwinClient.ReadingAnswer("failed", new Dictionary<string, string> { ["request"] = error.Message }))];
            }
            return (part, answers);
        }).ToArray();
        foreach (var (part, answers) in await Task.WhenAll(sends))
        {
            for (int i = 0; i < part.Count; i++) _tally.Reading(part[i], answers[i]);
        }
    }

    private async Task SendReportStepSafelyAsync(ReplayEvent e, List<double> calls, CancellationToken ct)
    {
        try
        {
            await SendReportStepAsync(e, calls, ct);
        }
        catch (HttpRequestException error)
        {
            _tally.ReportStep(e, $"request failed: {error.Message}");
        }
    }

    private async Task SendReportStepAsync(ReplayEvent e, List<double> calls, CancellationToken ct)
    {
        string kind = Text(e.Data, "kind") ?? "";
        string sourceId = Text(e.Data, "reportId") ?? e.EntityId["report:".Length..];
        if (kind is "escalated" or "closed" or "rated" or "passedOn")
        {
            _tally.Skip($"report step '{kind}' is not re-sent (the twin's own rules take it)");
            return;
        }
        if (kind == "submitted")
        {
            var location = e.Data.TryGetProperty("location", out var l) ? l : default;
            var filed = await client.PostAsync("/api/reports", new
            {
                category = Text(e.Data, "category"),
                description = Text(e.Data, "description") ?? Text(e.Data, "text"),
                location = location.ValueKind == JsonValueKind.Object ? location : (object?)null,
                attributes = e.Data.TryGetProperty("attributes", out var attributes) && attributes.ValueKind == JsonValueKind.Object ? attributes : (object?)null,
            }, calls, ct);
            if (filed.Ok) _twinReportIds[sourceId] = filed.Body.GetProperty("id").GetString()!;
            _tally.ReportStep(e, filed.Problem);
            return;
        }
        if (!_twinReportIds.TryGetValue(sourceId, out var id))
        {
            _tally.ReportStep(e, $"report '{sourceId}' was never filed in this replay");
            return;
        }
        if (kind == "reopened")
        {
            _tally.ReportStep(e, (await client.PostAsync($"/api/reports/{id}/reopen", new { reason = Text(e.Data, "text") ?? "" }, calls, ct)).Problem);
            return;
        }
        // The twin routes reports by its own rules: whoever has the report now takes the official's step.
        var report = await client.GetAsync($"/api/reports/{id}", calls, ct);
        if (!report.Ok)
        {
            _tally.ReportStep(e, report.Problem);
            return;
        }
        string actor = report.Body.GetProperty("assigneeId").GetString()!;
        string text = Text(e.Data, "text") is { Length: > 0 } t ? t : kind;
        var result = kind switch
        {
            "acknowledged" => await client.PostAsync($"/api/reports/{id}/acknowledge", new { actorId = actor, text }, calls, ct),
            "noted" => await client.PostAsync($"/api/reports/{id}/notes", new { actorId = actor, text }, calls, ct),
            "resolved" => await client.PostAsync($"/api/reports/{id}/resolve", new { actorId = actor, resolution = text }, calls, ct),
            _ => null,
        };
        if (result is null) _tally.ReportStep(e, $"unknown report step '{kind}'");
        else _tally.ReportStep(e, result.Problem);
    }

    private static string? Text(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // string.GetHashCode differs from run to run; the split into workers should not.
    private static int StableHash(string text)
    {
        unchecked
        {
            int hash = (int)2166136261;
            foreach (char c in text) hash = (hash ^ c) * 16777619;
            return hash;
        }
    }
}

/// <summary>Where a replay is: events sent of all, wall time taken, the event time reached.</summary>
public sealed record ReplayProgress(int Sent, int Total, TimeSpan Elapsed, DateTimeOffset EventTime);
