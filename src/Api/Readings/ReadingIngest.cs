using SmartCity.Grains.City;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Officials;
using SmartCity.Grains.Parking;
using SmartCity.Grains.Readings;

namespace SmartCity.Api.Readings;

/// <summary>
/// Sends validated readings to their entities' grains: one call per entity per batch, all entities
/// in parallel, and returns each reading's outcome in the order given.
/// </summary>
public sealed class ReadingIngest(IGrainFactory grains, CityMap city)
{
    public async Task<ReadingOutcome[]> ApplyAsync(IReadOnlyList<Reading> readings)
    {
        if (readings.Count == 1) return await TargetOf(readings[0].EntityId).ApplyReadingsAsync([readings[0]]);

        var positionsByEntity = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < readings.Count; i++)
        {
            if (!positionsByEntity.TryGetValue(readings[i].EntityId, out var positions))
            {
                positionsByEntity[readings[i].EntityId] = positions = [];
            }
            positions.Add(i);
        }

        var outcomes = new ReadingOutcome[readings.Count];
        await Task.WhenAll(positionsByEntity.Select(async entity =>
        {
            var batch = entity.Value.Select(i => readings[i]).ToArray();
            var applied = await TargetOf(entity.Key).ApplyReadingsAsync(batch);
            for (int j = 0; j < applied.Length; j++) outcomes[entity.Value[j]] = applied[j];
        }));
        return outcomes;
    }

    private IReadingTargetGrain TargetOf(string entityId) => city.KindOf(entityId) switch
    {
        EntityKind.ParkingBay => grains.GetGrain<IParkingBayGrain>(entityId),
        EntityKind.CarPark => grains.GetGrain<ICarParkGrain>(entityId),
        EntityKind.Facility => grains.GetGrain<IFacilityGrain>(entityId),
        EntityKind.Official => grains.GetGrain<IOfficialGrain>(entityId),
        var kind => throw new InvalidOperationException($"'{entityId}' ({kind}) takes no readings; validation should have said so."),
    };
}
