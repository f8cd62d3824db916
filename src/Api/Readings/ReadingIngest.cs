using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using SmartCity.Grains.City;
using SmartCity.Grains.Events;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Officials;
using SmartCity.Grains.Parking;
using SmartCity.Grains.Persistence;
using SmartCity.Grains.Readings;

namespace SmartCity.Api.Readings;

/// <summary>
/// Sends validated readings to their entities' grains: one call per entity per batch, all entities
/// in parallel, and returns each reading's outcome in the order given, once every accepted reading
/// is also in the event log. One per silo: it keeps the grain reference of each entity it has fed,
/// since making one costs about as much as the call.
/// </summary>
/// <remarks>
/// Readings are applied before they are logged, because the log records each reading's outcome. If
/// the append then fails, the applied readings are held in <see cref="UnloggedReadings"/> and the
/// caller hears 503: its retry finds them there (the entities call them duplicates) and logs them
/// with their first outcome, so a reading is applied once and logged once however often it is sent.
/// </remarks>
public sealed class ReadingIngest(
    IGrainFactory grains, CityMap city, IEventLog log, IngestAdmission admission, UnloggedReadings unlogged)
{
    private readonly ConcurrentDictionary<string, IReadingTargetGrain> _targets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string? DistrictId, string? GridCellId)> _places = new(StringComparer.Ordinal);

    /// <summary>
    /// Applies and logs the readings; null when the twin has too much in flight to take them now
    /// (nothing was applied: answer 503 and let the sender try again). Throws
    /// <see cref="StorageUnavailableException"/> when the log cannot take them.
    /// </summary>
    public async Task<ReadingOutcome[]?> TryApplyAsync(IReadOnlyList<Reading> readings)
    {
        using var ticket = admission.TryEnter(readings.Count);
        if (ticket is null) return null;
        if (unlogged.IsFull)
        {
            throw new StorageUnavailableException($"The event log has not taken {unlogged.Count} applied readings yet; nothing more is applied until it does.");
        }
        var outcomes = await ApplyToGrainsAsync(readings);
        await LogAsync(readings, outcomes);
        return outcomes;
    }

    /// <summary>
    /// Logs the readings the twin accepted (applied, or outdated and kept only as history), and the
    /// duplicates whose first attempt could not be logged, which then get their first outcome back.
    /// The caller hears back only after this, so nothing it was told was accepted is missing from the log.
    /// </summary>
    private async Task LogAsync(IReadOnlyList<Reading> readings, ReadingOutcome[] outcomes)
    {
        var logged = new List<(Reading Reading, UnloggedReadings.Held Held)>(readings.Count);
        for (int i = 0; i < readings.Count; i++)
        {
            var reading = readings[i];
            if (outcomes[i] is ReadingOutcome.Applied or ReadingOutcome.Outdated)
            {
                logged.Add((reading, new UnloggedReadings.Held(EventOf(reading, outcomes[i]), outcomes[i])));
            }
            else if (outcomes[i] == ReadingOutcome.Duplicate && unlogged.TryTake(reading, out var held))
            {
                logged.Add((reading, held));
                outcomes[i] = held.Outcome;
            }
        }
        if (logged.Count == 0) return;
        try
        {
            await log.AppendAsync([.. logged.Select(l => l.Held.Event)]);
        }
        catch
        {
            unlogged.Hold(logged);
            throw;
        }
    }

    private NewEvent EventOf(Reading reading, ReadingOutcome outcome)
    {
        var (districtId, gridCellId) = _places.GetOrAdd(reading.EntityId, PlaceOf);
        string payload = JsonSerializer.Serialize(
            new ReadingEvent(reading.ReadingId, reading.Type, reading.Value, reading.ObservedAt, outcome), EventJson);
        return new NewEvent(EventTypes.Reading, reading.EntityId, districtId, gridCellId, reading.ObservedAt, payload);
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
