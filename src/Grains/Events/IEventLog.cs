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
}

/// <summary>What kind of thing happened; the log's type column.</summary>
public static class EventTypes
{
    public const string Reading = "reading";
    public const string Report = "report";
    public const string Seed = "seed";
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
