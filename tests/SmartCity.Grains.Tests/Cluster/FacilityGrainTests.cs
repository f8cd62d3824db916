using SmartCity.Grains.City;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Readings;

namespace SmartCity.Grains.Tests.Cluster;

[Collection(SharedCluster.Name)]
public sealed class FacilityGrainTests(ClusterFixture fixture)
{
    private IFacilityGrain Facility(string id) => fixture.Grains.GetGrain<IFacilityGrain>(id);

    private Reading Says(string facilityId, ReadingType type, int value, DateTimeOffset? observedAt = null) =>
        Sensor.Says(facilityId, type, value, observedAt ?? fixture.Now);

    private static FacilityDefinition TakeToilet() => TestCity.TakeFacility(f => f.Kind == FacilityKind.PublicToilet && f.HasSensor);

    [Fact]
    public async Task Facility_without_a_sensor_is_open_during_its_hours()
    {
        var clinic = TestCity.TakeFacility(f => f.Kind == FacilityKind.Clinic && !f.HasSensor);

        var view = await Facility(clinic.Id).GetAsync();

        Assert.Equal((FacilityStatus.Open, true, false), (view.Status, view.OpenByHours, view.HasSensor));
        Assert.Equal((clinic.Name, "Mo-Su 08:00-20:00", TestCity.Map.GridCellOf(clinic.Id)), (view.Name, view.OpeningHours, view.GridCellId));
    }

    [Fact]
    public async Task Facility_whose_sensor_never_spoke_is_unknown()
    {
        var toilet = TakeToilet();

        var view = await Facility(toilet.Id).GetAsync();

        Assert.Equal(FacilityStatus.Unknown, view.Status);
        Assert.True(view.OpenByHours);
    }

    [Fact]
    public async Task Sensor_reporting_out_of_order_makes_the_facility_out_of_order_until_it_reports_in_service()
    {
        var toilet = TakeToilet();

        await Facility(toilet.Id).ApplyReadingsAsync([Says(toilet.Id, ReadingType.Status, (int)FacilityCondition.OutOfOrder, fixture.Now.AddMinutes(-5))]);
        var broken = await Facility(toilet.Id).GetAsync();
        await Facility(toilet.Id).ApplyReadingsAsync([Says(toilet.Id, ReadingType.Status, (int)FacilityCondition.InService)]);
        var mended = await Facility(toilet.Id).GetAsync();

        Assert.Equal(FacilityStatus.OutOfOrder, broken.Status);
        Assert.Equal(FacilityStatus.Open, mended.Status);
    }

    [Fact]
    public async Task Sensor_reporting_closed_makes_the_facility_closed_during_its_hours()
    {
        var toilet = TakeToilet();

        await Facility(toilet.Id).ApplyReadingsAsync([Says(toilet.Id, ReadingType.Status, (int)FacilityCondition.Closed)]);
        var view = await Facility(toilet.Id).GetAsync();

        Assert.Equal((FacilityStatus.Closed, true), (view.Status, view.OpenByHours));
    }

    [Fact]
    public async Task Occupancy_and_queue_are_shown_while_the_sensor_is_alive()
    {
        var hall = TestCity.TakeFacility(f => f.Kind == FacilityKind.ServiceHall);

        await Facility(hall.Id).ApplyReadingsAsync([Says(hall.Id, ReadingType.Occupancy, 12), Says(hall.Id, ReadingType.QueueLength, 3)]);
        var view = await Facility(hall.Id).GetAsync();

        Assert.Equal((FacilityStatus.Open, 12, 3), (view.Status, view.Occupancy, view.QueueLength));
    }

    [Fact]
    public async Task Figures_of_a_silent_sensor_are_not_shown()
    {
        var hall = TestCity.TakeFacility(f => f.Kind == FacilityKind.ServiceHall);
        var longAgo = fixture.Now - ClusterFixture.SilenceLimit - TimeSpan.FromMinutes(1);

        await Facility(hall.Id).ApplyReadingsAsync([Says(hall.Id, ReadingType.Occupancy, 12, longAgo)]);
        var view = await Facility(hall.Id).GetAsync();

        Assert.Equal((FacilityStatus.Unknown, null, longAgo), (view.Status, view.Occupancy, view.LastHeardAt));
    }

    [Fact]
    public async Task Older_status_does_not_overwrite_newer_one()
    {
        var toilet = TakeToilet();
        var newer = fixture.Now.AddMinutes(-1);

        var outcomes = await Facility(toilet.Id).ApplyReadingsAsync(
        [
            Says(toilet.Id, ReadingType.Status, (int)FacilityCondition.OutOfOrder, newer),
            Says(toilet.Id, ReadingType.Status, (int)FacilityCondition.InService, newer.AddMinutes(-1)),
        ]);

        Assert.Equal([ReadingOutcome.Applied, ReadingOutcome.Outdated], outcomes);
        Assert.Equal(FacilityStatus.OutOfOrder, (await Facility(toilet.Id).GetAsync()).Status);
    }
}
