using SmartCity.Grains.Parking;
using SmartCity.Grains.Readings;

namespace SmartCity.Grains.Tests.Cluster;

[Collection(SharedCluster.Name)]
public sealed class CarParkGrainTests(ClusterFixture fixture)
{
    private ICarParkGrain CarPark(string id) => fixture.Grains.GetGrain<ICarParkGrain>(id);

    private Reading Count(string carParkId, int carsInside, DateTimeOffset? observedAt = null) =>
        Sensor.Says(carParkId, ReadingType.Count, carsInside, observedAt ?? fixture.Now);

    [Fact]
    public async Task Car_park_never_counted_shows_no_figures()
    {
        var carPark = TestCity.TakeCarPark();

        var view = await CarPark(carPark.Id).GetAsync();

        Assert.True(view.Unknown);
        Assert.Null(view.Occupied);
        Assert.Null(view.SpacesFree);
        Assert.Equal((carPark.Name, carPark.Capacity), (view.Name, view.Capacity));
    }

    [Fact]
    public async Task Gate_count_shows_cars_inside_and_spaces_free()
    {
        var carPark = TestCity.TakeCarPark();

        await CarPark(carPark.Id).ApplyReadingsAsync([Count(carPark.Id, 25)]);
        var view = await CarPark(carPark.Id).GetAsync();

        Assert.False(view.Unknown);
        Assert.Equal((25, carPark.Capacity - 25), (view.Occupied, view.SpacesFree));
        Assert.Equal(fixture.Now, view.LastHeardAt);
    }

    [Fact]
    public async Task Count_above_capacity_shows_no_spaces_free()
    {
        var carPark = TestCity.TakeCarPark();

        await CarPark(carPark.Id).ApplyReadingsAsync([Count(carPark.Id, carPark.Capacity + 5)]);

        Assert.Equal(0, (await CarPark(carPark.Id).GetAsync()).SpacesFree);
    }

    [Fact]
    public async Task Older_count_does_not_overwrite_newer_one()
    {
        var carPark = TestCity.TakeCarPark();
        var newer = fixture.Now.AddMinutes(-1);

        var outcomes = await CarPark(carPark.Id).ApplyReadingsAsync([Count(carPark.Id, 40, newer), Count(carPark.Id, 10, newer.AddMinutes(-1))]);

        Assert.Equal([ReadingOutcome.Applied, ReadingOutcome.Outdated], outcomes);
        Assert.Equal(40, (await CarPark(carPark.Id).GetAsync()).Occupied);
    }

    [Fact]
    public async Task Car_park_whose_counter_fell_silent_shows_no_figures()
    {
        var carPark = TestCity.TakeCarPark();
        var longAgo = fixture.Now - ClusterFixture.SilenceLimit - TimeSpan.FromSeconds(1);

        await CarPark(carPark.Id).ApplyReadingsAsync([Count(carPark.Id, 12, longAgo)]);
        var view = await CarPark(carPark.Id).GetAsync();

        Assert.True(view.Unknown);
        Assert.Null(view.SpacesFree);
        Assert.Equal(longAgo, view.LastHeardAt);
    }
}
