using SmartCity.Grains.Events;
using SmartCity.Grains.Persistence;

namespace SmartCity.Api.Tests.Readings;

/// <summary>The twin's event log with a switch that makes every append fail as a storage outage would.</summary>
public sealed class FailingEventLog(IEventLog inner) : IEventLog
{
    public bool Failing { get; set; }

    /// <summary>Appends refused while <see cref="Failing"/> was on.</summary>
    public int Refused { get; private set; }

    public long LastSequence => inner.LastSequence;

    public Task<long[]> AppendAsync(IReadOnlyList<NewEvent> events, CancellationToken cancellationToken = default)
    {
        if (!Failing) return inner.AppendAsync(events, cancellationToken);
        Refused++;
        throw new StorageUnavailableException("Appending to the event log: the disk is gone (fault injected by the test).");
    }

    public Task<IReadOnlyList<LoggedEvent>> ReadAsync(EventQuery query, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(query, cancellationToken);

    public Task<IReadOnlyList<LoggedEvent>> ReadTimelineAsync(
        string entityId, TimelinePosition after, DateTimeOffset upTo, int limit, CancellationToken cancellationToken = default) =>
        inner.ReadTimelineAsync(entityId, after, upTo, limit, cancellationToken);

    public Task<EntitySnapshot?> FindSnapshotAsync(string entityId, DateTimeOffset atOrBefore, CancellationToken cancellationToken = default) =>
        inner.FindSnapshotAsync(entityId, atOrBefore, cancellationToken);

    public Task<bool> SaveSnapshotAsync(EntitySnapshot snapshot, CancellationToken cancellationToken = default) =>
        inner.SaveSnapshotAsync(snapshot, cancellationToken);
}
