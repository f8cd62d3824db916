namespace SmartCity.Grains.Events;

/// <summary>The event log of a twin on memory storage (tests, demos): same contract, gone at exit.</summary>
public sealed class InMemoryEventLog(TimeProvider time, EventBroadcast? broadcast = null) : IEventLog
{
    private static readonly Comparer<LoggedEvent> TimelineOrder =
        Comparer<LoggedEvent>.Create((a, b) => TimelinePosition.Of(a).CompareTo(TimelinePosition.Of(b)));

    private readonly List<LoggedEvent> _events = [];
    private readonly HashSet<(string EntityId, int Version)> _versions = [];
    private readonly Dictionary<string, SortedSet<LoggedEvent>> _timelines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedList<DateTimeOffset, EntitySnapshot>> _snapshots = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public long LastSequence
    {
        get
        {
            lock (_gate) return _events.Count;
        }
    }

    public Task<long[]> AppendAsync(IReadOnlyList<NewEvent> events, CancellationToken cancellationToken = default)
    {
        var loggedAt = time.GetUtcNow();
        lock (_gate)
        {
            var sequences = new long[events.Count];
            int before = _events.Count;
            for (int i = 0; i < events.Count; i++)
            {
                var e = events[i];
                if (e.EntityVersion is { } version && !_versions.Add((e.EntityId, version))) continue;
                sequences[i] = _events.Count + 1;
                var logged = new LoggedEvent(sequences[i], e.Type, e.EntityId, e.DistrictId, e.GridCellId, e.EventTime, loggedAt, e.Payload, e.EntityVersion);
                _events.Add(logged);
                if (!_timelines.TryGetValue(e.EntityId, out var timeline)) _timelines[e.EntityId] = timeline = new SortedSet<LoggedEvent>(TimelineOrder);
                timeline.Add(logged);
                ForgetSnapshotsFrom(e.EntityId, e.EventTime);
            }
            // Inside the lock, so that listeners see events in sequence order.
            broadcast?.Publish(_events[before..]);
            return Task.FromResult(sequences);
        }
    }

    public Task<IReadOnlyList<LoggedEvent>> ReadAsync(EventQuery query, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            // Sequence n sits at index n - 1: start right after the one asked for.
            int start = (int)Math.Clamp(query.AfterSequence, 0, _events.Count);
            IReadOnlyList<LoggedEvent> found = [.. _events.Skip(start).Where(query.Matches).Take(query.Limit)];
            return Task.FromResult(found);
        }
    }

    public Task<IReadOnlyList<LoggedEvent>> ReadTimelineAsync(
        string entityId, TimelinePosition after, DateTimeOffset upTo, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_timelines.TryGetValue(entityId, out var timeline) || after.EventTime > upTo) return Task.FromResult<IReadOnlyList<LoggedEvent>>([]);
            var view = timeline.GetViewBetween(Probe(after.EventTime, 0), Probe(upTo, long.MaxValue));
            IReadOnlyList<LoggedEvent> found = [.. view.Where(after.IsBefore).Take(limit)];
            return Task.FromResult(found);
        }
    }

    public Task<EntitySnapshot?> FindSnapshotAsync(string entityId, DateTimeOffset atOrBefore, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            EntitySnapshot? found = null;
            if (_snapshots.TryGetValue(entityId, out var snapshots))
            {
                // Few per entity: one per SnapshotEvery events at most.
                foreach (var snapshot in snapshots.Values)
                {
                    if (snapshot.UpTo > atOrBefore) break;
                    found = snapshot;
                }
            }
            return Task.FromResult(found);
        }
    }

    public Task<bool> SaveSnapshotAsync(EntitySnapshot snapshot, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            // Sequence n sits at index n - 1: look at what was logged after the fold read.
            int start = (int)Math.Clamp(snapshot.Sequence, 0, _events.Count);
            for (int i = start; i < _events.Count; i++)
            {
                if (_events[i].EntityId == snapshot.EntityId && _events[i].EventTime <= snapshot.UpTo) return Task.FromResult(false);
            }
            if (!_snapshots.TryGetValue(snapshot.EntityId, out var snapshots))
            {
                _snapshots[snapshot.EntityId] = snapshots = [];
            }
            snapshots[snapshot.UpTo] = snapshot;
            return Task.FromResult(true);
        }
    }

    /// <summary>An event late enough to be inside a snapshot's span makes that snapshot, and every later one, wrong.</summary>
    private void ForgetSnapshotsFrom(string entityId, DateTimeOffset eventTime)
    {
        if (!_snapshots.TryGetValue(entityId, out var snapshots)) return;
        while (snapshots.Count > 0 && snapshots.Keys[^1] >= eventTime) snapshots.RemoveAt(snapshots.Count - 1);
    }

    private static LoggedEvent Probe(DateTimeOffset eventTime, long sequence) => new(sequence, "", "", null, null, eventTime, default, "");
}
