using System.Runtime.CompilerServices;

namespace SmartCity.Grains.Events;

/// <summary>
/// An entity's state at a past time, folded from the event log: every event with event time at or
/// before that time counts, also one that arrived late (the world at T as the log knows it now).
/// A sensor fold starts from the latest snapshot at or before T and leaves new snapshots behind as it
/// walks, so a long history is walked once; the log itself drops snapshots a late event makes wrong.
/// </summary>
/// <param name="snapshotEvery">A fold saves a snapshot once it has walked this many events past the last one.</param>
public sealed class EntityTimeline(IEventLog log, int snapshotEvery = EventLogOptions.DefaultSnapshotEvery)
{
    /// <summary>Events per read: small enough that one SQLite read holds its thread only briefly.</summary>
    private const int PageSize = 500;

    private readonly int _snapshotEvery = snapshotEvery > 0
        ? snapshotEvery
        : throw new ArgumentOutOfRangeException(nameof(snapshotEvery), "Snapshots need a positive interval.");

    /// <summary>A bay's, car park's, facility's or official's readings as they stood at <paramref name="time"/>.</summary>
    public async Task<FoldedState<SensorStateFold>> SensorStateAtAsync(string entityId, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        // First: every event logged up to here is visible to the reads below, so a snapshot made from
        // them can only be missing events logged later, which the log checks for when it saves.
        long readUpTo = log.LastSequence;
        var snapshot = await log.FindSnapshotAsync(entityId, time, cancellationToken);
        var state = snapshot is null ? null : SensorStateFold.FromJson(snapshot.State);
        if (state is null) snapshot = null; // written by another version of the fold: start afresh
        state ??= new SensorStateFold();
        long folded = snapshot?.EventsFolded ?? 0;
        var start = snapshot is null ? TimelinePosition.Start : TimelinePosition.After(snapshot.UpTo);

        var saves = new List<Task<bool>>();
        int sinceSnapshot = 0;
        DateTimeOffset? previous = null;
        await foreach (var e in EventsAsync(entityId, start, time, cancellationToken))
        {
            // Only between two event times: a snapshot must hold every event of its last instant.
            if (sinceSnapshot >= _snapshotEvery && previous is { } boundary && e.EventTime > boundary)
            {
                saves.Add(Save(boundary));
                sinceSnapshot = 0;
            }
            state.Apply(e);
            folded++;
            sinceSnapshot++;
            previous = e.EventTime;
        }
        // At the end every event up to the last one's time is in: everything up to T was read.
        if (sinceSnapshot >= _snapshotEvery) saves.Add(Save(previous!.Value));
        await Task.WhenAll(saves);
        return new FoldedState<SensorStateFold>(state, folded, snapshot);

        Task<bool> Save(DateTimeOffset upTo) =>
            log.SaveSnapshotAsync(new EntitySnapshot(entityId, upTo, readUpTo, state.ToJson(), folded), cancellationToken);
    }

    /// <summary>A report's steps up to <paramref name="time"/>, folded. A report has a handful of steps: no snapshots.</summary>
    public async Task<FoldedState<ReportStateFold>> ReportStateAtAsync(string entityId, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        var state = new ReportStateFold();
        long folded = 0;
        await foreach (var e in EventsAsync(entityId, TimelinePosition.Start, time, cancellationToken))
        {
            state.Apply(e);
            folded++;
        }
        return new FoldedState<ReportStateFold>(state, folded, null);
    }

    /// <summary>The event time of the entity's first event; null when the log has none.</summary>
    public async Task<DateTimeOffset?> FirstEventTimeAsync(string entityId, CancellationToken cancellationToken = default)
    {
        var first = await log.ReadTimelineAsync(entityId, TimelinePosition.Start, DateTimeOffset.MaxValue, 1, cancellationToken);
        return first.Count == 0 ? null : first[0].EventTime;
    }

    private async IAsyncEnumerable<LoggedEvent> EventsAsync(
        string entityId, TimelinePosition after, DateTimeOffset upTo, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await log.ReadTimelineAsync(entityId, after, upTo, PageSize, cancellationToken);
            foreach (var e in page) yield return e;
            if (page.Count < PageSize) yield break;
            after = TimelinePosition.Of(page[^1]);
            // SQLite reads hold their thread: between pages, let other queued work have one.
            await Task.Yield();
        }
    }
}

/// <summary>
/// A folded state, how many of the entity's events it holds, and the snapshot it started from
/// (null when it folded the entity's whole history up to the time asked).
/// </summary>
public sealed record FoldedState<TState>(TState State, long EventsFolded, EntitySnapshot? Snapshot);

/// <summary>Settings of reading the event log (configuration section "Events").</summary>
public sealed class EventLogOptions
{
    public const string Section = "Events";

    public const int DefaultSnapshotEvery = 1000;

    /// <summary>A state-at-time fold saves a snapshot of the entity once it has walked this many events past the last one.</summary>
    public int SnapshotEvery { get; set; } = DefaultSnapshotEvery;
}
