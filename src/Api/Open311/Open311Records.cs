using System.Globalization;
using System.Text.Json.Serialization;
using SmartCity.Grains.City;
using SmartCity.Grains.Reports;

namespace SmartCity.Api.Open311;

// The wire shapes of GeoReport v2 (http://wiki.open311.org/GeoReport_v2). Property names become the
// spec's snake_case names through Open311Answer's naming policy; members are declared in the order of
// the spec's XML examples, which Open311Xml keeps.

/// <summary>One service type of "GET Service List": a report category.</summary>
public sealed record Open311Service(
    string ServiceCode,
    string ServiceName,
    string Description,
    bool Metadata,
    string Type,
    string Keywords,
    string Group)
{
    public static Open311Service Of(ReportCategory category) => new(
        category.Code,
        category.Name,
        category.Description,
        // "metadata: true" tells the client to fetch the service definition before posting.
        Metadata: category.Attributes.Count > 0,
        // "realtime": the service_request_id comes back in the POST answer itself (no token).
        Type: "realtime",
        string.Join(",", category.Keywords),
        category.Group);
}

/// <summary>"GET Service Definition": the extra questions a service type asks.</summary>
public sealed record Open311ServiceDefinition(string ServiceCode, IReadOnlyList<Open311AttributeDefinition> Attributes)
{
    public static Open311ServiceDefinition Of(ReportCategory category) => new(
        category.Code,
        [.. category.Attributes.OrderBy(a => a.Order).Select(Open311AttributeDefinition.Of)]);
}

/// <summary>One attribute of a service definition; values only for the list datatypes.</summary>
public sealed record Open311AttributeDefinition(
    bool Variable,
    string Code,
    string Datatype,
    bool Required,
    string? DatatypeDescription,
    int Order,
    string Description,
    IReadOnlyList<Open311AttributeValue>? Values)
{
    public static Open311AttributeDefinition Of(CategoryQuestion question) => new(
        // Every question of ours wants an answer; "false" is for text shown only as information.
        Variable: true,
        question.Code,
        // The spec's datatype names are our enum names in lower case: singlevaluelist, multivaluelist, ...
        question.Datatype.ToString().ToLowerInvariant(),
        question.Required,
        DatatypeDescriptionOf(question.Datatype),
        question.Order,
        question.Description,
        question.Values.Count == 0 ? null : [.. question.Values.Select(v => new Open311AttributeValue(v.Key, v.Name))]);

    private static string? DatatypeDescriptionOf(AttributeDatatype datatype) => datatype switch
    {
        AttributeDatatype.Number => "A number, e.g. 3 or 2.5.",
        AttributeDatatype.Datetime => "An ISO 8601 date and time with its offset, e.g. 2026-11-25T10:00:00+08:00.",
        AttributeDatatype.SingleValueList => "One key from values.",
        AttributeDatatype.MultiValueList => "One or more keys from values: attribute[code][]=key once per key.",
        _ => null,
    };
}

/// <summary>One allowed answer of a list attribute: key is what the client posts, name what it shows.</summary>
public sealed record Open311AttributeValue(string Key, string Name);

/// <summary>
/// A service request as "GET Service Requests" and "GET Service Request" answer it, built from the
/// public <see cref="ReportSummary"/> only: no contact, citizen or account id ever reaches it.
/// </summary>
public sealed record Open311Request(
    string ServiceRequestId,
    string Status,
    string? StatusNotes,
    string ServiceName,
    string ServiceCode,
    string Description,
    string? AgencyResponsible,
    string? ServiceNotice,
    string RequestedDatetime,
    string UpdatedDatetime,
    string? ExpectedDatetime,
    string? Address,
    string? AddressId,
    string? Zipcode,
    double Lat,
    // "long" as the spec names it; Lon in C#, like GeoPoint (CA1720: Long is a type name).
    [property: JsonPropertyName("long")] double Lon,
    string? MediaUrl,
    // The Smart Data Models schema (service_requests) does not forbid further properties, and the
    // spec's Extensions page documents "extended_attributes" (as Chicago, Boston and San Francisco
    // serve it). Open311Xml leaves it out: "XML Support" asks for no foreign tags.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Open311RequestExtensions? ExtendedAttributes)
{
    public static Open311Request Of(ReportSummary report, ReportCatalog catalog, CityMap city)
    {
        var category = catalog.Category(report.Category);
        return new Open311Request(
            report.Id,
            report.IsOpen ? "open" : "closed",
            // "Explanation of why status was changed": the resolution, while the report stays resolved.
            report.IsOpen ? null : report.Resolution,
            category?.Name ?? report.Category,
            report.Category,
            report.Description,
            city.Official(report.AssigneeId)?.Name ?? catalog.Department(report.AssigneeId)?.Name,
            category is null ? null : Open311Text.ServiceNotice(category),
            Open311Text.Timestamp(report.CreatedAt, city),
            Open311Text.Timestamp(report.UpdatedAt, city),
            Open311Text.Timestamp(report.ResolveBy, city),
            report.Address,
            // We keep no address register and no postal codes; the spec's example shows them empty.
            AddressId: null,
            Zipcode: null,
            report.Location.Lat,
            report.Location.Lon,
            report.PhotoUrl,
            new Open311RequestExtensions(JsonNames.CamelCase(report.Status.ToString()), report.GridCellId, report.DistrictId));
    }
}

/// <summary>What open/closed leaves out: our own status (submitted, acknowledged, resolved, reopened, closed) and where the report is handled.</summary>
public sealed record Open311RequestExtensions(string Status, string GridCellId, string DistrictId);

/// <summary>The answer to "POST Service Request": the new id at once (service type "realtime"), never a token.</summary>
public sealed record Open311Receipt(string ServiceRequestId, string? ServiceNotice, string? AccountId);

/// <summary>One entry of the spec's "Errors" answer; code is the HTTP status it came with.</summary>
public sealed record Open311Error(int Code, string Description);

/// <summary>The texts and timestamps GeoReport v2 answers carry.</summary>
public static class Open311Text
{
    /// <summary>"service_notice": what the city will do, from the category's deadlines.</summary>
    public static string ServiceNotice(ReportCategory category) =>
        $"The grid official for this place acknowledges within {Span(category.AcknowledgeWithin)} and resolves within {Span(category.ResolveWithin)}.";

    /// <summary>
    /// "Date/time format": the W3C profile of ISO 8601 with the offset always present; we give the
    /// city's local offset, as the spec's examples do, to whole seconds.
    /// </summary>
    public static string Timestamp(DateTimeOffset instant, CityMap city) =>
        TimeZoneInfo.ConvertTime(instant, city.TimeZone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string Span(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } when span.Ticks % TimeSpan.TicksPerDay == 0 => Plural((int)span.TotalDays, "day"),
        { TotalHours: >= 1 } when span.Ticks % TimeSpan.TicksPerHour == 0 => Plural((int)span.TotalHours, "hour"),
        _ => Plural((int)Math.Ceiling(span.TotalMinutes), "minute"),
    };

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit}" : $"{count} {unit}s";
}
