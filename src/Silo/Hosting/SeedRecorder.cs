using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SmartCity.Grains;
using SmartCity.Grains.City;
using SmartCity.Grains.Events;
using SmartCity.Grains.Reports;

namespace SmartCity.Silo.Hosting;

/// <summary>
/// Logs what the twin runs with, as a "seed" event of the entity "city": the city (name, size and a
/// SHA-256 fingerprint of its definition) and the settings that shape its rules. Logged at start
/// only when something changed since the last seed event, so a researcher reading the log sees
/// which city and rules every stretch of history was made under.
/// </summary>
public sealed class SeedRecorder(IEventLog log, CityMap city, CityClock clock, IOptions<TwinOptions> twin, IOptions<ReportOptions> reports)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Appends a seed event if the city or the settings differ from the last one logged; says whether it did.</summary>
    public async Task<bool> RecordAsync(CancellationToken cancellationToken)
    {
        var d = city.Definition;
        var settings = new SeedSettings(twin.Value, reports.Value);
        string fingerprint = Fingerprint(d, settings);
        var earlier = await log.ReadAsync(new EventQuery(10_000, EventTypes.SeedEntityId, Type: EventTypes.Seed), cancellationToken);
        if (earlier.Count > 0 && FingerprintOf(earlier[^1].Payload) == fingerprint) return false;

        var seed = new SeedEvent(
            d.Name, d.TimeZoneId, fingerprint, d.Districts.Count, d.GridCells.Count, d.ParkingBays.Count, d.CarParks.Count,
            d.Facilities.Count, d.Officials.Count, settings);
        // The version makes two silos starting together log one seed event, not two.
        await log.AppendAsync(
            [new NewEvent(EventTypes.Seed, EventTypes.SeedEntityId, null, null, clock.Now, JsonSerializer.Serialize(seed, Json), earlier.Count + 1)],
            cancellationToken);
        return true;
    }

    private static string Fingerprint(CityDefinition definition, SeedSettings settings)
    {
        using var bytes = new MemoryStream();
        CityFile.Write(definition, bytes);
        JsonSerializer.Serialize(bytes, settings, Json);
        return Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray()));
    }

    private static string? FingerprintOf(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        return document.RootElement.TryGetProperty("fingerprint", out var value) ? value.GetString() : null;
    }

    private sealed record SeedSettings(TwinOptions Twin, ReportOptions Reports);

    private sealed record SeedEvent(
        string City, string TimeZone, string Fingerprint, int Districts, int GridCells, int ParkingBays, int CarParks,
        int Facilities, int Officials, SeedSettings Settings);
}
