using System.Text.Json;

namespace SmartCity.Simulator.Replay;

/// <summary>One event of an event file (docs/event-files.md), with the line it came from.</summary>
public sealed record ReplayEvent(int Line, string Type, string EntityId, DateTimeOffset EventTime, JsonElement Data);

/// <summary>A line of an event file that could not be read, and why.</summary>
public sealed record EventFileProblem(int Line, string Reason);

/// <summary>
/// An event file read whole: its events in event-time order (ties keep the file's order) and the
/// lines that were not events. Sorting needs every event at hand, so the file is read completely.
/// </summary>
public sealed class EventFile
{
    public required IReadOnlyList<ReplayEvent> Events { get; init; }

    public required IReadOnlyList<EventFileProblem> Problems { get; init; }

    public static EventFile Read(string path)
    {
        var events = new List<ReplayEvent>();
        var problems = new List<EventFileProblem>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (Parse(line, lineNumber, out string? reason) is { } e) events.Add(e);
            else problems.Add(new EventFileProblem(lineNumber, reason!));
        }
        // OrderBy is a stable sort: events with the same time keep the order they have in the file.
        return new EventFile { Events = [.. events.OrderBy(e => e.EventTime)], Problems = problems };
    }

    private static ReplayEvent? Parse(string line, int lineNumber, out string? reason)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.AsMemory().TrimStart('\uFEFF'));
        }
        catch (JsonException error)
        {
            reason = $"not valid JSON ({error.Message})";
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                reason = "an event must be a JSON object";
                return null;
            }
            string? type = Text(root, "type");
            string? entityId = Text(root, "entityId");
            reason = type is null ? "'type' is missing"
                : entityId is null ? "'entityId' is missing"
                : !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object ? "'data' must be an object"
                : null;
            if (reason is not null) return null;
            if (!root.TryGetProperty("eventTime", out var time) || time.ValueKind != JsonValueKind.String
                || !DateTimeOffset.TryParse(time.GetString(), System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.None, out var eventTime)
                || !HasOffset(time.GetString()!))
            {
                reason = "'eventTime' must be an ISO 8601 time with an offset";
                return null;
            }
            return new ReplayEvent(lineNumber, type!, entityId!, eventTime, root.GetProperty("data").Clone());
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    // "2016-10-04T07:59:42" would be read as local time on whatever machine replays it.
    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
}
