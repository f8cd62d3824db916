using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SmartCity.Simulator.Replay;

/// <summary>
/// A fingerprint of the final state of everything a replay touched: each entity's live view as the
/// API shows it, canonical (members sorted), one line per entity in id order, hashed with SHA-256.
/// Replaying the same input into a fresh twin gives the same digest.
/// </summary>
/// <remarks>
/// Reports are named by their id in the source, not the random id the twin gave them. A twin in
/// another process keeps its own clock, so against a target the digest leaves out what depends on
/// when the replay ran: report times and "overdue", and a sensor's values (which a twin hides as
/// "unknown" once the sensor has been silent on its clock). In process the clock is the replay's own
/// and everything counts.
/// </remarks>
public static class StateDigest
{
    private static readonly HashSet<string> NothingLeftOut = [];

    // Members whose value depends on the clock of the twin when the replay ran.
    private static readonly HashSet<string> ReportClockMembers = new(StringComparer.Ordinal)
    {
        "createdAt", "updatedAt", "acknowledgeBy", "resolveBy", "firstAcknowledgedAt", "resolvedAt", "at", "overdue",
    };

    private static readonly HashSet<string> SensorClockMembers = new(StringComparer.Ordinal)
    {
        "unknown", "openByHours", "status", "occupied", "free", "occupancy", "queueLength", "dutyStatus",
    };

    public static async Task<string> ComputeAsync(
        TwinClient client, IEnumerable<string> sensorEntityIds, IReadOnlyDictionary<string, string> twinReportIds, bool virtualClock, CancellationToken ct)
    {
        var latencies = new List<double>();
        var lines = new List<string>();
        foreach (string entityId in sensorEntityIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (PathOf(entityId) is not { } path) continue;
            var view = await client.GetAsync(path, latencies, ct);
            lines.Add($"{entityId} {(view.Ok ? Canonical(view.Body, virtualClock ? NothingLeftOut : SensorClockMembers) : "missing")}");
        }
        foreach (var (sourceId, twinId) in twinReportIds.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var view = await client.GetAsync($"/api/reports/{twinId}", latencies, ct);
            lines.Add($"report:{sourceId} {(view.Ok ? Canonical(view.Body, virtualClock ? NothingLeftOut : ReportClockMembers, dropId: true) : "missing")}");
        }
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        return Convert.ToHexStringLower(hash);
    }

    private static string? PathOf(string entityId) => entityId.Split(':')[0] switch
    {
        "bay" => $"/api/parking/bays/{Uri.EscapeDataString(entityId)}",
        "carpark" => $"/api/parking/carparks/{Uri.EscapeDataString(entityId)}",
        "facility" => $"/api/facilities/{Uri.EscapeDataString(entityId)}",
        "official" => $"/api/officials/{Uri.EscapeDataString(entityId)}",
        _ => null,
    };

    /// <summary>The view with members sorted at every level, minus the ones left out and the twin's own id.</summary>
    public static string Canonical(JsonElement view, IReadOnlySet<string> leftOut, bool dropId = false)
    {
        var output = new MemoryStream();
        using (var json = new Utf8JsonWriter(output))
        {
            Write(json, view, leftOut, dropId);
        }
        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static void Write(Utf8JsonWriter json, JsonElement element, IReadOnlySet<string> leftOut, bool dropId)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                json.WriteStartObject();
                foreach (var member in element.EnumerateObject().OrderBy(m => m.Name, StringComparer.Ordinal))
                {
                    if (dropId && member.NameEquals("id")) continue;
                    if (leftOut.Contains(member.Name)) continue;
                    json.WritePropertyName(member.Name);
                    Write(json, member.Value, leftOut, dropId: false);
                }
                json.WriteEndObject();
                break;
            case JsonValueKind.Array:
                json.WriteStartArray();
                foreach (var item in element.EnumerateArray()) Write(json, item, leftOut, dropId: false);
                json.WriteEndArray();
                break;
            default:
                element.WriteTo(json);
                break;
        }
    }
}
