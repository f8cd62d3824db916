using System.Security.Claims;
using System.Text.Json.Serialization;
using SmartCity.Api.Security;
using SmartCity.Grains.Geo;
using SmartCity.Grains.Reports;

namespace SmartCity.Api.Reports;

/// <summary>POST /api/reports. Contact and citizenId are private: they never appear in any public answer.</summary>
public sealed record SubmitReportRequest(
    string? Category,
    string? Description,
    LocationRequest? Location,
    string? Address,
    string? PhotoUrl,
    ReportContact? Contact,
    string? CitizenId,
    Dictionary<string, string>? Attributes);

public sealed record LocationRequest(double? Lat, double? Lon);

/// <summary>Acknowledge or add a note: who acts (an official or department id) and what they say.</summary>
public sealed record OfficialTextRequest(string? ActorId, string? Text);

public sealed record ResolveRequest(string? ActorId, string? Resolution);

public sealed record PassOnRequest(string? ActorId, string? To, string? Reason);

public sealed record RatingRequest(string? CitizenId, int? Stars, string? Comment);

public sealed record ReopenRequest(string? CitizenId, string? Reason);

/// <summary>A report as anyone may see it: no reporter, no contact.</summary>
public sealed record ReportView(
    string Id,
    string Category,
    string CategoryName,
    string Description,
    GeoPoint Location,
    string? Address,
    string? PhotoUrl,
    IReadOnlyDictionary<string, string> Attributes,
    string GridCellId,
    string Community,
    string DistrictId,
    string AssigneeId,
    string AccountableOfficialId,
    IReadOnlyList<string> EscalatedTo,
    ReportStatus Status,
    bool Overdue,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset AcknowledgeBy,
    DateTimeOffset ResolveBy,
    DateTimeOffset? FirstAcknowledgedAt,
    DateTimeOffset? ResolvedAt,
    string? Resolution,
    int? Rating,
    string? RatingComment,
    int ReopenCount,
    IReadOnlyList<ReportEvent> Events,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ReportPrivateFields? Private = null)
{
    /// <summary>The report as <paramref name="viewer"/> may see it: with its private fields only for those who may (<see cref="ReportPrivateFields.For"/>).</summary>
    public static ReportView Of(ReportDetails details, ReportCatalog catalog, DateTimeOffset now, ClaimsPrincipal viewer) =>
        Of(details, catalog, now) with { Private = ReportPrivateFields.For(viewer, details) };

    private static ReportView Of(ReportDetails details, ReportCatalog catalog, DateTimeOffset now)
    {
        var s = details.Summary;
        return new ReportView(
            s.Id, s.Category, catalog.Category(s.Category)?.Name ?? s.Category, s.Description, s.Location, s.Address, s.PhotoUrl,
            details.Attributes, s.GridCellId, s.Community, s.DistrictId, s.AssigneeId, s.AccountableOfficialId, s.EscalatedTo,
            s.Status, s.IsOverdueAt(now), s.CreatedAt, s.UpdatedAt, s.AcknowledgeBy, s.ResolveBy, s.FirstAcknowledgedAt,
            s.ResolvedAt, s.Resolution, s.Rating, details.RatingComment, s.ReopenCount, details.Events);
    }
}

/// <summary>
/// Who filed a report and how to reach them: shown only to that citizen, to the officials who hold or
/// answer for the report, and to admin.
/// </summary>
public sealed record ReportPrivateFields(string? CitizenId, ReportContact? Contact)
{
    public static ReportPrivateFields? For(ClaimsPrincipal viewer, ReportDetails details)
    {
        var s = details.Summary;
        string? who = viewer.Subject();
        bool allowed = viewer.IsAdmin()
            || (who is not null && viewer.IsInRole(Roles.Citizen) && who == details.CitizenId)
            || (who is not null && viewer.IsInRole(Roles.Official)
                && (who == s.AssigneeId || who == s.AccountableOfficialId || s.EscalatedTo.Contains(who)));
        return allowed ? new ReportPrivateFields(details.CitizenId, details.Contact) : null;
    }
}

/// <summary>One line of a report list: the public summary plus whether it is overdue now.</summary>
public sealed record ReportListItem(
    string Id,
    string Category,
    string Description,
    GeoPoint Location,
    string GridCellId,
    string DistrictId,
    string AssigneeId,
    ReportStatus Status,
    bool Overdue,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset AcknowledgeBy,
    DateTimeOffset ResolveBy)
{
    public static ReportListItem Of(ReportSummary s, DateTimeOffset now) => new(
        s.Id, s.Category, s.Description, s.Location, s.GridCellId, s.DistrictId, s.AssigneeId, s.Status,
        s.IsOverdueAt(now), s.CreatedAt, s.UpdatedAt, s.AcknowledgeBy, s.ResolveBy);
}
