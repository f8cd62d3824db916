using SmartCity.Grains.Parking;
using SmartCity.Grains.Readings;

namespace SmartCity.Grains.Tests.Cluster;

[Collection(SharedCluster.Name)]
public sealed class ParkingBayGrainTests(ClusterFixture fixture)
{
    private IParkingBayGrain Bay(string id) => fixture.Grains.GetGrain<IParkingBayGrain>(id);

    [Fact]
    public async Task Bay_never_heard_from_is_unknown()
    {
        var bay = TestCity.TakeBay();

        var view = await Bay(bay.Id).GetAsync();

        Assert.Equal(BayStatus.Unknown, view.Status);
        Assert.Null(view.LastHeardAt);
        Assert.Equal((bay.Street, bay.Location, TestCity.Map.GridCellOf(bay.Id)), (view.Street, view.Location, view.GridCellId));
    }

    [Fact]
    public async Task Free_reading_makes_the_bay_free_since_it_was_observed()
    {
        var bay = TestCity.TakeBay();
        var observedAt = fixture.Now.AddSeconds(-20);

        var outcomes = await Bay(bay.Id).ApplyReadingsAsync([Sensor.BayFree(bay.Id, observedAt)]);
        var view = await Bay(bay.Id).GetAsync();

        Assert.Equal([ReadingOutcome.Applied], outcomes);
        Assert.Equal((BayStatus.Free, observedAt, observedAt), (view.Status, view.StatusSince, view.LastHeardAt));
    }

    [Fact]
    public async Task Older_reading_does_not_overwrite_newer_one()
    {
        var bay = TestCity.TakeBay();
        var newer = fixture.Now.AddMinutes(-1);

        var outcomes = await Bay(bay.Id).ApplyReadingsAsync(
            [Sensor.BayOccupied(bay.Id, newer), Sensor.BayFree(bay.Id, newer.AddSeconds(-30))]);
        var view = await Bay(bay.Id).GetAsync();

        Assert.Equal([ReadingOutcome.Applied, ReadingOutcome.Outdated], outcomes);
        Assert.Equal((BayStatus.Occupied, newer, newer), (view.Status, view.StatusSince, view.LastHeardAt));
    }

    [Fact]
    public async Task Older_reading_sent_later_does_not_overwrite_newer_one()
    {
        var bay = TestCity.TakeBay();
        var newer = fixture.Now.AddMinutes(-1);
        await Bay(bay.Id).ApplyReadingsAsync([Sensor.BayFree(bay.Id, newer)]);

        var outcomes = await Bay(bay.Id).ApplyReadingsAsync([Sensor.BayOccupied(bay.Id, newer.AddSeconds(-1))]);

        Assert.Equal([ReadingOutcome.Outdated], outcomes);
        Assert.Equal(BayStatus.Free, (await Bay(bay.Id).GetAsync()).Status);
    }

    [Fact]
    public async Task Repeated_reading_is_applied_once()
    {
        var bay = TestCity.TakeBay();
        var occupied = Sensor.BayOccupied(bay.Id, fixture.Now.AddMinutes(-2));
        var laterWithSameId = Sensor.BayFree(bay.Id, fixture.Now.AddMinutes(-1)) with { ReadingId = occupied.ReadingId };

        var first = await Bay(bay.Id).ApplyReadingsAsync([occupied, occupied]);
        var second = await Bay(bay.Id).ApplyReadingsAsync([laterWithSameId]);

        Assert.Equal([ReadingOutcome.Applied, ReadingOutcome.Duplicate], first);
        Assert.Equal([ReadingOutcome.Duplicate], second);
        Assert.Equal(BayStatus.Occupied, (await Bay(bay.Id).GetAsync()).Status);
    }

    [Fact]
    public async Task Status_since_stays_while_the_sensor_repeats_itself()
    {
        var bay = TestCity.TakeBay();
        var first = fixture.Now.AddMinutes(-10);

        await Bay(bay.Id).ApplyReadingsAsync([Sensor.BayOccupied(bay.Id, first), Sensor.BayOccupied(bay.Id, first.AddMinutes(5))]);
        var view = await Bay(bay.Id).GetAsync();

        Assert.Equal((BayStatus.Occupied, first, first.AddMinutes(5)), (view.Status, view.StatusSince, view.LastHeardAt));
    }

    [Fact]
    public async Task Bay_last_heard_longer_ago_than_the_silence_limit_is_unknown()
    {
        var bay = TestCity.TakeBay();
        var longAgo = fixture.Now - ClusterFixture.SilenceLimit - TimeSpan.FromMinutes(1);

        await Bay(bay.Id).ApplyReadingsAsync([Sensor.BayFree(bay.Id, longAgo)]);
        var view = await Bay(bay.Id).GetAsync();

        Assert.Equal((BayStatus.Unknown, longAgo), (view.Status, view.LastHeardAt));
    }

    [Fact]
    public async Task Bay_keeps_its_status_after_it_is_deactivated()
    {
        var bay = TestCity.TakeBay();
        var observedAt = fixture.Now.AddMinutes(-3);
        await Bay(bay.Id).ApplyReadingsAsync([Sensor.BayOccupied(bay.Id, observedAt)]);

        await fixture.Cluster.DeactivateAsync(Bay(bay.Id));
        var view = await Bay(bay.Id).GetAsync();

        Assert.Equal((BayStatus.Occupied, observedAt), (view.Status, view.StatusSince));
    }

    [Fact]
    public async Task Bay_remembers_reading_ids_after_it_is_deactivated()
    {
        var bay = TestCity.TakeBay();
        var reading = Sensor.BayFree(bay.Id, fixture.Now.AddMinutes(-3));
        await Bay(bay.Id).ApplyReadingsAsync([reading]);

        await fixture.Cluster.DeactivateAsync(Bay(bay.Id));

        Assert.Equal([ReadingOutcome.Duplicate], await Bay(bay.Id).ApplyReadingsAsync([reading]));
    }
}
