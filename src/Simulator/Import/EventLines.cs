using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using SmartCity.Grains.Geo;

namespace SmartCity.Simulator.Import;

/// <summary>One line of an event file (docs/event-files.md): its type, entity, event time and data.</summary>
public abstract record EventLine(string Type, string EntityId, DateTimeOffset EventTime)
{
    /// <summary>Writes the members of "data".</summary>
    public abstract void WriteData(Utf8JsonWriter json);
}

/// <summary>A sensor reading as POST /api/readings takes it.</summary>
public sealed record ReadingLine(string EntityId, string ReadingId, string ReadingType, int Value, DateTimeOffset ObservedAt)
    : EventLine("reading", EntityId, ObservedAt)
{
    public override void WriteData(Utf8JsonWriter json)
    {
        json.WriteString("readingId", ReadingId);
        json.WriteString("type", ReadingType);
        json.WriteNumber("value", Value);
        json.WriteString("observedAt", ObservedAt);
    }
}

/// <summary>One step of a report; <see cref="Description"/>, <see cref="Location"/> and <see cref="Attributes"/> only on the submitted step.</summary>
public sealed record ReportStepLine(
    string ReportId, int Step, string Kind, string Actor, string Text, string Category, DateTimeOffset At,
    string? Description = null, GeoPoint? Location = null, IReadOnlyDictionary<string, string>? Attributes = null)
    : EventLine("report", $"report:{ReportId}", At)
{
    public override void WriteData(Utf8JsonWriter json)
    {
        json.WriteString("reportId", ReportId);
        json.WriteNumber("step", Step);
        json.WriteString("kind", Kind);
        json.WriteString("actor", Actor);
        json.WriteString("text", Text);
        json.WriteString("category", Category);
        if (Description is not null) json.WriteString("description", Description);
        if (Location is { } location)
        {
            json.WriteStartObject("location");
            json.WriteNumber("lat", location.Lat);
            json.WriteNumber("lon", location.Lon);
            json.WriteEndObject();
        }
        if (Attributes is { Count: > 0 })
        {
            json.WriteStartObject("attributes");
            foreach (var (code, value) in Attributes) json.WriteString(code, value);
            json.WriteEndObject();
        }
    }
}

/// <summary>Writes events as JSON Lines in event-time order; events with the same time keep their order.</summary>
public static class EventFileWriter
{
    // As the event log writes payloads: the file is data, never HTML, so '+' in offsets and
    // non-ASCII text stay as they are.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The events in the order the file holds them: by instant, stable (LINQ's OrderBy is a stable sort).</summary>
    public static IReadOnlyList<EventLine> InFileOrder(IEnumerable<EventLine> events) => [.. events.OrderBy(e => e.EventTime.UtcTicks)];

    public static void Write(IEnumerable<EventLine> events, Stream output)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(buffer, Options);
        foreach (var line in InFileOrder(events))
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            json.WriteStartObject();
            json.WriteString("type", line.Type);
            json.WriteString("entityId", line.EntityId);
            json.WriteString("eventTime", line.EventTime);
            json.WriteStartObject("data");
            line.WriteData(json);
            json.WriteEndObject();
            json.WriteEndObject();
            json.Flush();
            output.Write(buffer.WrittenSpan);
            output.Write("\n"u8);
        }
        output.Flush();
    }
}
