using SmartCity.Grains.Parking;
using SmartCity.Grains.Readings;
using SmartCity.Grains.Tests.Cluster;

namespace SmartCity.Grains.Tests.Persistence;

public sealed class WriteBehindTests(SlowStorageCluster fixture) : IClassFixture<SlowStorageCluster>
{
    [Fact]
    public async Task Bay_fed_while_storage_is_slow_runs_one_write_behind_tick_at_a_time_and_writes_its_last_reading()
    {
        var bay = TestCity.TakeBay();
        var sensor = fixture.Grains.GetGrain<IParkingBayGrain>(bay.Id);
        var lastObserved = fixture.Time.GetUtcNow();
        fixture.Storage.HoldWrites();

        // Readings for about fifteen write-behind intervals while the first write waits for storage.
        for (int i = 0; i < 30; i++)
        {
            lastObserved = fixture.Time.GetUtcNow().AddSeconds(i - 30);
            await sensor.ApplyReadingsAsync([Sensor.Says(bay.Id, ReadingType.Occupancy, i % 2, lastObserved)]);
            await Task.Delay(SlowStorageCluster.WriteBehindInterval / 2);
        }
        fixture.Storage.LetWritesThrough();
        var grainId = sensor.GetGrainId();
        var written = await Eventually.ReadAsync(() => Task.FromResult(fixture.Storage.BayLastHeardWritten(grainId)), w => w == lastObserved);

        Assert.Equal(1, fixture.Ticks.MostAtOnce(grainId));
        Assert.Equal(lastObserved, written);
    }
}
