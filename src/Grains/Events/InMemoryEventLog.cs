namespace SmartCity.Grains.Events;

/// <summary>The event log of a twin on memory storage (tests, demos): same contract, gone at exit.</summary>
public sealed class InMemoryEventLog(TimeProvider time, EventBroadcast? broadcast = null) : IEventLog
{
    private readonly List<LoggedEvent> _events = [];
    private readonly HashSet<(string EntityId, int Version)> _versions = [];
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
                _events.Add(new LoggedEvent(sequences[i], e.Type, e.EntityId, e.DistrictId, e.GridCellId, e.EventTime, loggedAt, e.Payload, e.EntityVersion));
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
}
