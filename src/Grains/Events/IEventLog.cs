namespace SmartCity.Grains.Events;

/// <summary>
/// The append-only record of what happened in the twin: every accepted reading and every report
/// transition, each with a global sequence number, its event time and the time it was logged.
/// Researchers export and replay it; history and the live feed read it.
/// </summary>
public interface IEventLog
{
    /// <summary>
    /// Appends the events in order and returns their sequence numbers; when the task completes they
    /// are durable. Concurrent callers are written together (group commit), so many small appends
    /// cost about as much as one large one. An event whose entity and <see cref="NewEvent.EntityVersion"/>
    /// are already logged is not logged again; its sequence number comes back as 0.
    /// </summary>
    Task<long[]> AppendAsync(IReadOnlyList<NewEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Logged events that match, in sequence order, at most <see cref="EventQuery.Limit"/>.</summary>
    Task<IReadOnlyList<LoggedEvent>> ReadAsync(EventQuery query, CancellationToken cancellationToken = default);

    /// <summary>The highest sequence number written so far; 0 for an empty log.</summary>
    long LastSequence { get; }

    /// <summary>
    /// One entity's events after <paramref name="after"/> with event time at most <paramref name="upTo"/>,
    /// in event-time order (ties in sequence order), at most <paramref name="limit"/>: a page of the
    /// entity's timeline. The next page starts after the last event of this one.
    /// </summary>
    Task<IReadOnlyList<LoggedEvent>> ReadTimelineAsync(
        string entityId, TimelinePosition after, DateTimeOffset upTo, int limit, CancellationToken cancellationToken = default);

    /// <summary>The entity's snapshot with the latest <see cref="EntitySnapshot.UpTo"/> not after <paramref name="atOrBefore"/>, if any.</summary>
    Task<EntitySnapshot?> FindSnapshotAsync(string entityId, DateTimeOffset atOrBefore, CancellationToken cancellationToken = default);

    /// <summary>
    /// Keeps a snapshot, unless an event of its entity with event time at most its UpTo was logged
    /// after <see cref="EntitySnapshot.Sequence"/> (the log position the fold read up to): the fold
    /// may have missed that event. Ordered with appends, so that an append that comes later removes
    /// the snapshot if it makes it wrong. True when kept. A snapshot is a cache: not keeping one is never an error.
    /// </summary>
    Task<bool> SaveSnapshotAsync(EntitySnapshot snapshot, CancellationToken cancellationToken = default);
}

/// <summary>A place in an entity's timeline: the events are ordered by event time, then by sequence.</summary>
public readonly record struct TimelinePosition(DateTimeOffset EventTime, long Sequence)
{
    /// <summary>Before the entity's first event.</summary>
    public static TimelinePosition Start => new(DateTimeOffset.MinValue, 0);

    /// <summary>After every event with event time up to <paramref name="time"/>.</summary>
    public static TimelinePosition After(DateTimeOffset time) => new(time, long.MaxValue);

    public static TimelinePosition Of(LoggedEvent e) => new(e.EventTime, e.Sequence);

    /// <summary>Negative when this comes first in the timeline, 0 at the same place, positive after.</summary>
    public int CompareTo(TimelinePosition other)
    {
        int byTime = EventTime.CompareTo(other.EventTime);
        return byTime != 0 ? byTime : Sequence.CompareTo(other.Sequence);
    }

    public bool IsBefore(LoggedEvent e) => CompareTo(Of(e)) < 0;
}

/// <summary>
/// The fold of ALL an entity's events with event time at most <paramref name="UpTo"/>, as JSON
/// (<paramref name="State"/>); <paramref name="EventsFolded"/> counts them. <paramref name="Sequence"/> is the
/// log position the fold read up to: an event logged after it with event time at most UpTo makes the snapshot wrong.
/// </summary>
public sealed record EntitySnapshot(string EntityId, DateTimeOffset UpTo, long Sequence, string State, long EventsFolded);

/// <summary>What kind of thing happened; the log's type column.</summary>
public static class EventTypes
{
    public const string Reading = "reading";
    public const string Report = "report";
    public const string Seed = "seed";

    /// <summary>The entity seed events belong to: the city as a whole.</summary>
    public const string SeedEntityId = "city";
}

/// <summary>
/// An event to append. <paramref name="Payload"/> is the event's own JSON. <paramref name="EntityVersion"/>
/// numbers an entity's own events where it has such numbers (a report's steps), making a repeated append harmless.
/// </summary>
public sealed record NewEvent(
    string Type,
    string EntityId,
    string? DistrictId,
    string? GridCellId,
    DateTimeOffset EventTime,
    string Payload,
    int? EntityVersion = null);

/// <summary>An event as the log holds it.</summary>
public sealed record LoggedEvent(
    long Sequence,
    string Type,
    string EntityId,
    string? DistrictId,
    string? GridCellId,
    DateTimeOffset EventTime,
    DateTimeOffset LoggedAt,
    string Payload,
    int? EntityVersion = null);

/// <summary>Which events to read; null fields do not filter. Times filter on event time, inclusive.</summary>
public sealed record EventQuery(
    int Limit,
    string? EntityId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    long AfterSequence = 0,
    string? Type = null)
{
    public bool Matches(LoggedEvent e) =>
        e.Sequence > AfterSequence
        && (EntityId is null || e.EntityId == EntityId)
        && (Type is null || e.Type == Type)
        && (From is null || e.EventTime >= From)
        && (To is null || e.EventTime <= To);
}
