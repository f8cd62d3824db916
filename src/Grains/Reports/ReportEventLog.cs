using System.Text.Json;
using System.Text.Json.Serialization;
using SmartCity.Grains.Events;
using SmartCity.Grains.Geo;

namespace SmartCity.Grains.Reports;

/// <summary>
/// A report's step as the event log keeps it: public fields only (never contact details or the
/// citizen id), and on the first step what was reported, so the log alone can file it again in a replay.
/// </summary>
public static class ReportEventLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // The log is data, never HTML: keep '+' in offsets and Chinese text as they are.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static NewEvent ToLogged(ReportState report, ReportEvent step)
    {
        bool first = step.Kind == ReportEventKind.Submitted;
        var payload = new LoggedStep(
            report.Id, step.Sequence, step.Kind, step.Actor, step.Text, report.Category,
            first ? report.Description : null, first ? report.Location : null, first ? report.AssigneeId : null,
            first && report.Attributes.Count > 0 ? report.Attributes : null);
        return new NewEvent(
            EventTypes.Report, $"report:{report.Id}", report.DistrictId, report.GridCellId, step.At,
            JsonSerializer.Serialize(payload, Json), step.Sequence);
    }

    private sealed record LoggedStep(
        string ReportId, int Step, ReportEventKind Kind, string Actor, string Text, string Category,
        string? Description, GeoPoint? Location, string? RoutedTo, IReadOnlyDictionary<string, string>? Attributes);
}
