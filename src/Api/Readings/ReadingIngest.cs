using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using SmartCity.Grains.City;
using SmartCity.Grains.Events;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Officials;
using SmartCity.Grains.Parking;
using SmartCity.Grains.Readings;

namespace SmartCity.Api.Readings;

/// <summary>
/// Sends validated readings to their entities' grains: one call per entity per batch, all entities
/// in parallel, and returns each reading's outcome in the order given, once every accepted reading
/// is also in the event log. One per silo: it keeps the grain reference of each entity it has fed,
/// since making one costs about as much as the call.
/// </summary>
public sealed class ReadingIngest(IGrainFactory grains, CityMap city, IEventLog log)
{
    private readonly ConcurrentDictionary<string, IReadingTargetGrain> _targets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string? DistrictId, string? GridCellId)> _places = new(StringComparer.Ordinal);

    public async Task<ReadingOutcome[]> ApplyAsync(IReadOnlyList<Reading> readings)
    {
        var outcomes = await ApplyToGrainsAsync(readings);
        await LogAsync(readings, outcomes);
        return outcomes;
    }

    /// <summary>
    /// Logs the readings the twin accepted (applied, or outdated and kept only as history); duplicates
    /// were logged the first time. The caller hears back only after this, so nothing it was told
    /// was accepted is missing from the log.
    /// </summary>
    private Task<long[]> LogAsync(IReadOnlyList<Reading> readings, ReadingOutcome[] outcomes)
    {
        var events = new List<NewEvent>(readings.Count);
        for (int i = 0; i < readings.Count; i++)
        {
            if (outcomes[i] is not (ReadingOutcome.Applied or ReadingOutcome.Outdated)) continue;
            var reading = readings[i];
            var (districtId, gridCellId) = _places.GetOrAdd(reading.EntityId, PlaceOf);
            string payload = JsonSerializer.Serialize(
                new ReadingEvent(reading.ReadingId, reading.Type, reading.Value, reading.ObservedAt, outcomes[i]), EventJson);
            events.Add(new NewEvent(EventTypes.Reading, reading.EntityId, districtId, gridCellId, reading.ObservedAt, payload));
        }
        return log.AppendAsync(events);
    }

    private (string? DistrictId, string? GridCellId) PlaceOf(string entityId)
    {
        if (city.KindOf(entityId) == EntityKind.Official)
        {
            // An official answers for grids, possibly several: their first grid's district places them.
            var grids = city.GridsByOfficial.GetValueOrDefault(entityId, []);
            return (grids.Count > 0 ? city.GridCell(grids[0])?.DistrictId : null, null);
        }
        string cellId = city.GridCellOf(entityId);
        return (city.GridCell(cellId)!.DistrictId, cellId);
    }

    private async Task<ReadingOutcome[]> ApplyToGrainsAsync(IReadOnlyList<Reading> readings)
    {
        if (readings.Count == 1) return await TargetOf(readings[0].EntityId).ApplyReadingsAsync([readings[0]]);

        var positionsByEntity = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < readings.Count; i++)
        {
            if (!positionsByEntity.TryGetValue(readings[i].EntityId, out var positions))
            {
                positionsByEntity[readings[i].EntityId] = positions = new List<int>(1);
            }
            positions.Add(i);
        }

        var calls = new Task<ReadingOutcome[]>[positionsByEntity.Count];
        int call = 0;
        foreach (var (entityId, positions) in positionsByEntity)
        {
            var batch = new Reading[positions.Count];
            for (int j = 0; j < batch.Length; j++) batch[j] = readings[positions[j]];
            calls[call++] = TargetOf(entityId).ApplyReadingsAsync(batch);
        }
        await Task.WhenAll(calls);

        var outcomes = new ReadingOutcome[readings.Count];
        call = 0;
        foreach (var positions in positionsByEntity.Values)
        {
            var applied = calls[call++].Result;
            for (int j = 0; j < applied.Length; j++) outcomes[positions[j]] = applied[j];
        }
        return outcomes;
    }

    private static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web)
    {
        // The log is data, never HTML: keep '+' in offsets and non-Latin text as they are.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>A reading as the event log keeps it.</summary>
    private sealed record ReadingEvent(string ReadingId, ReadingType Type, int Value, DateTimeOffset ObservedAt, ReadingOutcome Outcome);

    private IReadingTargetGrain TargetOf(string entityId) => _targets.GetOrAdd(entityId, NewTarget);

    private IReadingTargetGrain NewTarget(string entityId) => city.KindOf(entityId) switch
    {
        EntityKind.ParkingBay => grains.GetGrain<IParkingBayGrain>(entityId),
        EntityKind.CarPark => grains.GetGrain<ICarParkGrain>(entityId),
        EntityKind.Facility => grains.GetGrain<IFacilityGrain>(entityId),
        EntityKind.Official => grains.GetGrain<IOfficialGrain>(entityId),
        var kind => throw new InvalidOperationException($"'{entityId}' ({kind}) takes no readings; validation should have said so."),
    };
}
