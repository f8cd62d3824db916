using SmartCity.Grains.Geo;

namespace SmartCity.Grains.Reports;

/// <summary>
/// One citizen report ("I Report"), keyed "report:{id}": submitted durably, routed to the grid's
/// official, worked, resolved, rated or reopened; its deadlines are kept by a durable reminder.
/// Every step is an event. Refusals come back as <see cref="ReportOutcome.Refusal"/>, never half applied.
/// </summary>
[Alias("IReportGrain")]
public interface IReportGrain : IGrainWithStringKey
{
    /// <summary>Creates the report; it is in storage before this returns. Refused if the id is taken.</summary>
    [Alias("Submit")]
    Task<ReportOutcome> SubmitAsync(NewReport report);

    /// <summary>The report with its private fields, or null if there is no such report.</summary>
    [Alias("Get")]
    Task<ReportDetails?> GetAsync();

    [Alias("Acknowledge")]
    Task<ReportOutcome> AcknowledgeAsync(string actorId, string? text);

    [Alias("AddNote")]
    Task<ReportOutcome> AddNoteAsync(string actorId, string text);

    [Alias("Resolve")]
    Task<ReportOutcome> ResolveAsync(string actorId, string resolution);

    /// <summary>Hands the report to another official or to a department.</summary>
    [Alias("PassOn")]
    Task<ReportOutcome> PassOnAsync(string actorId, string toId, string reason);

    /// <param name="citizenId">Must match the reporter's, when the report was filed with one.</param>
    [Alias("Rate")]
    Task<ReportOutcome> RateAsync(string? citizenId, int stars, string? comment);

    [Alias("Reopen")]
    Task<ReportOutcome> ReopenAsync(string? citizenId, string reason);

    /// <summary>Escalates what is overdue by the city clock and closes what is past its reopen window; the reminder calls it.</summary>
    [Alias("CheckDeadlines")]
    Task CheckDeadlinesAsync();
}

/// <summary>What a citizen submits. Contact and citizen id are private: never in public lists or feeds.</summary>
[GenerateSerializer, Immutable, Alias("NewReport")]
public sealed record NewReport(
    [property: Id(0)] string Category,
    [property: Id(1)] string Description,
    [property: Id(2)] GeoPoint Location,
    [property: Id(3)] string? PhotoUrl,
    [property: Id(4)] ReportContact? Contact,
    [property: Id(5)] string? CitizenId,
    [property: Id(6)] IReadOnlyDictionary<string, string>? Attributes,
    [property: Id(7)] string? Address);

/// <summary>How the reporter can be reached; private.</summary>
[GenerateSerializer, Immutable, Alias("ReportContact")]
public sealed record ReportContact(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Phone,
    [property: Id(2)] string? Email);

/// <summary>Where a report stands. Submitted, Acknowledged and Reopened are open; Resolved and Closed are not.</summary>
public enum ReportStatus
{
    Submitted,
    Acknowledged,
    Resolved,
    Reopened,
    /// <summary>Resolved and past the reopen window: nothing more can happen to it.</summary>
    Closed,
}

public enum ReportEventKind
{
    Submitted,
    Acknowledged,
    Noted,
    Resolved,
    PassedOn,
    Escalated,
    Rated,
    Reopened,
    Closed,
}

/// <summary>One step in a report's life: when, who (an official or department id, "citizen" or "system") and what.</summary>
[GenerateSerializer, Immutable, Alias("ReportEvent")]
public sealed record ReportEvent(
    [property: Id(0)] int Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Actor,
    [property: Id(3)] ReportEventKind Kind,
    [property: Id(4)] string Text);

/// <summary>The answer to a report action: the report after it, or why it was refused (and nothing changed).</summary>
[GenerateSerializer, Immutable, Alias("ReportOutcome")]
public sealed record ReportOutcome(
    [property: Id(0)] ReportDetails? Report,
    [property: Id(1)] ReportRefusal? Refusal)
{
    public static ReportOutcome Done(ReportDetails report) => new(report, null);

    public static ReportOutcome Refused(RefusalKind kind, string field, string message) => new(null, new ReportRefusal(kind, field, message));
}

/// <summary>Why an action was refused, naming the field at fault.</summary>
[GenerateSerializer, Immutable, Alias("ReportRefusal")]
public sealed record ReportRefusal(
    [property: Id(0)] RefusalKind Kind,
    [property: Id(1)] string Field,
    [property: Id(2)] string Message);

public enum RefusalKind
{
    /// <summary>No such report.</summary>
    NotFound,
    /// <summary>The actor may not do this to this report.</summary>
    Forbidden,
    /// <summary>The report's state does not allow it (closed, already rated, ...).</summary>
    Conflict,
    /// <summary>A value is wrong (unknown official, too long, ...).</summary>
    Invalid,
}

/// <summary>A report as its reporter and the officials see it: the public summary, every event, and the private fields.</summary>
[GenerateSerializer, Immutable, Alias("ReportDetails")]
public sealed record ReportDetails(
    [property: Id(0)] ReportSummary Summary,
    [property: Id(1)] IReadOnlyList<ReportEvent> Events,
    [property: Id(2)] IReadOnlyDictionary<string, string> Attributes,
    [property: Id(3)] string? RatingComment,
    [property: Id(4)] string? CitizenId,
    [property: Id(5)] ReportContact? Contact);

/// <summary>
/// A report without personal data: what public lists, feeds, Open311 and the supervision figures use.
/// Deadlines are those of the current round (a reopened report gets new ones); "First" times are
/// from the first round and feed the response-time figures.
/// </summary>
[GenerateSerializer, Immutable, Alias("ReportSummary")]
public sealed record ReportSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Category,
    [property: Id(2)] string Description,
    [property: Id(3)] GeoPoint Location,
    [property: Id(4)] string? Address,
    [property: Id(5)] string? PhotoUrl,
    [property: Id(6)] string GridCellId,
    [property: Id(7)] string Community,
    [property: Id(8)] string DistrictId,
    [property: Id(9)] string AssigneeId,
    [property: Id(10)] string AccountableOfficialId,
    [property: Id(11)] IReadOnlyList<string> EscalatedTo,
    [property: Id(12)] ReportStatus Status,
    [property: Id(13)] DateTimeOffset CreatedAt,
    [property: Id(14)] DateTimeOffset UpdatedAt,
    [property: Id(15)] DateTimeOffset AcknowledgeBy,
    [property: Id(16)] DateTimeOffset ResolveBy,
    [property: Id(17)] DateTimeOffset FirstResolveBy,
    [property: Id(18)] DateTimeOffset? FirstAcknowledgedAt,
    [property: Id(19)] DateTimeOffset? FirstResolvedAt,
    [property: Id(20)] DateTimeOffset? ResolvedAt,
    [property: Id(21)] string? Resolution,
    [property: Id(22)] int? Rating,
    [property: Id(23)] int ReopenCount,
    [property: Id(24)] int Version)
{
    public bool IsOpen => Status is ReportStatus.Submitted or ReportStatus.Acknowledged or ReportStatus.Reopened;

    /// <summary>Open and past the deadline it is waiting on (acknowledgement, then resolution).</summary>
    public bool IsOverdueAt(DateTimeOffset now) => Status switch
    {
        ReportStatus.Submitted or ReportStatus.Reopened => now > AcknowledgeBy || now > ResolveBy,
        ReportStatus.Acknowledged => now > ResolveBy,
        _ => false,
    };
}
