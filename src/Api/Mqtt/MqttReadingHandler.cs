using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartCity.Api.Readings;
using SmartCity.Grains;
using SmartCity.Grains.City;
using SmartCity.Grains.Readings;

namespace SmartCity.Api.Mqtt;

/// <summary>
/// Takes one MQTT message's readings through the same validation and ingest as POST /api/readings and
/// answers what HTTP would: an <see cref="IngestResponse"/> when any reading was accepted, otherwise a
/// validation problem naming every field at fault. Counts every message and logs every rejection.
/// </summary>
public sealed class MqttReadingHandler(
    MqttTopics topics,
    CityMap city,
    CityClock clock,
    IOptions<TwinOptions> twin,
    ReadingIngest ingest,
    MqttIngestMetrics metrics,
    ReadingMetrics readingMetrics,
    ILogger<MqttReadingHandler> logger)
{
    /// <summary>One topic carries one reading of ~150 bytes; this leaves room for a long reading id and spacing.</summary>
    public const int MaxReadingBytes = 4 * 1024;

    /// <summary>How deep a payload's JSON may nest; the broker reads batches with the same limit (<see cref="MqttAccess"/>).</summary>
    public const int MaxJsonDepth = 16;

    private const string PayloadField = "body";

    private static readonly TimeSpan WaitForRoom = TimeSpan.FromMilliseconds(100);

    private readonly ReadingValidator _validator = new(city, clock, twin.Value);

    /// <summary>Applies what a message carries; the answer is an <see cref="IngestResponse"/> or an <see cref="HttpValidationProblemDetails"/>.</summary>
    public async Task<object> HandleAsync(string topic, ReadOnlySequence<byte> payload)
    {
        var address = topics.Parse(topic);
        if (address.Problem is { } problem) return Reject(topic, "topic", problem);
        long limit = address.IsBatch ? ReadingsEndpoints.MaxBodyBytes : MaxReadingBytes;
        if (payload.Length > limit)
        {
            return Reject(topic, PayloadField, address.IsBatch
                ? $"The payload is larger than {limit / (1024 * 1024)} MiB; send smaller batches."
                : $"The payload is {payload.Length} bytes; a reading topic takes one reading of at most {limit} bytes.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = MaxJsonDepth });
        }
        catch (JsonException error)
        {
            return Reject(topic, PayloadField, $"The payload is not valid JSON (line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1}).");
        }
        using (document)
        {
            var root = document.RootElement;
            if (address.IsBatch)
            {
                return ReadingBatch.TryGetItems(root, out var items, out var itemsProblem)
                    ? await ApplyAsync(topic, items, null)
                    : Reject(topic, itemsProblem.Field, itemsProblem.Message);
            }
            var addressed = (address.EntityId!, address.Type!.Value);
            if (AddressConflict(root, addressed) is { } conflict) return Reject(topic, conflict.Field, conflict.Message);
            return await ApplyAsync(topic, [root], addressed);
        }
    }

    private async Task<object> ApplyAsync(string topic, IReadOnlyList<JsonElement> items, (string EntityId, ReadingType Type)? addressed)
    {
        var batch = ReadingBatch.Validate(_validator, items, addressed);
        // smartcity_readings_total counts readings however they came, HTTP or MQTT.
        readingMetrics.Counted(batch.Valid, batch.RejectedTypeNames);
        if (batch.Valid.Count == 0) return Reject(topic, batch.Errors, batch.Count);

        // Messages come one at a time: waiting for room holds the broker back, whose queue per
        // client is bounded (EmbeddedMqttBroker), instead of dropping what a sender was told arrived.
        ReadingOutcome[]? outcomes;
        while ((outcomes = await ingest.TryApplyAsync(batch.Valid)) is null) await Task.Delay(WaitForRoom);
        metrics.Accepted(outcomes, batch.Rejected);
        if (batch.Rejected > 0)
        {
            logger.LogWarning("MQTT: {Rejected} of {Count} readings on {Topic} rejected: {Errors}", batch.Rejected, batch.Count, MqttTopics.ForLog(topic), Describe(batch.Errors));
        }
        return batch.Answer(outcomes);
    }

    /// <summary>A reading on an entity's topic may repeat its entityId and type, but not contradict them.</summary>
    private static (string Field, string Message)? AddressConflict(JsonElement item, (string EntityId, ReadingType Type) addressed)
    {
        if (item.ValueKind != JsonValueKind.Object) return null;
        if (item.TryGetProperty("entityId", out var entityId) && entityId.ValueKind == JsonValueKind.String && entityId.GetString() != addressed.EntityId)
        {
            return ("readings[0].entityId", $"The topic names '{addressed.EntityId}'; leave entityId out or make it match.");
        }
        string typeName = JsonNames.CamelCase(addressed.Type.ToString());
        if (item.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() != typeName)
        {
            return ("readings[0].type", $"The topic names '{typeName}'; leave type out or make it match.");
        }
        return null;
    }

    private HttpValidationProblemDetails Reject(string topic, string field, string message) =>
        Reject(topic, new Dictionary<string, string[]> { [field] = [message] }, 0);

    private HttpValidationProblemDetails Reject(string topic, Dictionary<string, string[]> errors, int readings)
    {
        metrics.Rejected(readings);
        logger.LogWarning("MQTT: message on {Topic} rejected, nothing applied: {Errors}", MqttTopics.ForLog(topic), Describe(errors));
        return new HttpValidationProblemDetails(errors)
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            Title = "The request has invalid fields.",
            Status = StatusCodes.Status400BadRequest,
            Detail = readings > 0 ? "No reading in the batch was accepted; nothing was applied." : null,
        };
    }

    /// <summary>The first few fields at fault, enough to find the sender's mistake without flooding the log.</summary>
    private static string Describe(Dictionary<string, string[]> errors) => MqttTopics.ForLog(
        string.Join("; ", errors.Take(5).Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")) + (errors.Count > 5 ? $"; and {errors.Count - 5} more" : ""),
        maxLength: 2000);
}
