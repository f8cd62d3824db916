using System.Collections.Concurrent;
using SmartCity.Grains.City;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Officials;
using SmartCity.Grains.Parking;
using SmartCity.Grains.Readings;

namespace SmartCity.Api.Readings;

/// <summary>
/// Sends validated readings to their entities' grains: one call per entity per batch, all entities
/// in parallel, and returns each reading's outcome in the order given. One per silo: it keeps the
/// grain reference of each entity it has fed, since making one costs about as much as the call.
/// </summary>
public sealed class ReadingIngest(IGrainFactory grains, CityMap city)
{
    private readonly ConcurrentDictionary<string, IReadingTargetGrain> _targets = new(StringComparer.Ordinal);

    public async Task<ReadingOutcome[]> ApplyAsync(IReadOnlyList<Reading> readings)
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
