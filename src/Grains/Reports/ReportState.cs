using SmartCity.Grains.Geo;

namespace SmartCity.Grains.Reports;

/// <summary>Persisted state of a report; written before any action is acknowledged.</summary>
[GenerateSerializer, Alias("ReportState")]
public sealed class ReportState
{
    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public string Category { get; set; } = "";
    [Id(2)] public string Description { get; set; } = "";
    [Id(3)] public GeoPoint Location { get; set; }
    [Id(4)] public string? Address { get; set; }
    [Id(5)] public string? PhotoUrl { get; set; }
    [Id(6)] public ReportContact? Contact { get; set; }
    [Id(7)] public string? CitizenId { get; set; }
    [Id(8)] public Dictionary<string, string> Attributes { get; set; } = [];
    [Id(9)] public string GridCellId { get; set; } = "";
    [Id(10)] public string Community { get; set; } = "";
    [Id(11)] public string DistrictId { get; set; } = "";
    /// <summary>The grid's responsible official when the report came in.</summary>
    [Id(12)] public string RoutedOfficialId { get; set; } = "";
    /// <summary>Who holds the report now: an official or a department.</summary>
    [Id(13)] public string AssigneeId { get; set; } = "";
    [Id(14)] public ReportStatus Status { get; set; }
    [Id(15)] public DateTimeOffset CreatedAt { get; set; }
    /// <summary>0 for the first round; each reopening starts a new round with new deadlines.</summary>
    [Id(16)] public int Round { get; set; }
    [Id(17)] public DateTimeOffset RoundStartedAt { get; set; }
    [Id(18)] public DateTimeOffset AcknowledgeBy { get; set; }
    [Id(19)] public DateTimeOffset ResolveBy { get; set; }
    [Id(20)] public DateTimeOffset FirstResolveBy { get; set; }
    [Id(21)] public DateTimeOffset? FirstAcknowledgedAt { get; set; }
    [Id(22)] public DateTimeOffset? FirstResolvedAt { get; set; }
    [Id(23)] public DateTimeOffset? ResolvedAt { get; set; }
    [Id(24)] public string? Resolution { get; set; }
    [Id(25)] public int? Rating { get; set; }
    [Id(26)] public string? RatingComment { get; set; }
    [Id(27)] public int ReopenCount { get; set; }
    [Id(28)] public List<Escalation> Escalations { get; set; } = [];
    [Id(29)] public List<ReportEvent> Events { get; set; } = [];
}

/// <summary>An escalation that has fired; (Deadline, Round, Level) never fires twice.</summary>
[GenerateSerializer, Immutable, Alias("Escalation")]
public sealed record Escalation(
    [property: Id(0)] DeadlineKind Deadline,
    [property: Id(1)] int Round,
    [property: Id(2)] int Level,
    [property: Id(3)] string? ToOfficialId,
    [property: Id(4)] DateTimeOffset At);

public enum DeadlineKind
{
    Acknowledge,
    Resolve,
}
