using SmartCity.Grains.City;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Grid;
using SmartCity.Grains.Parking;
using SmartCity.Grains.Readings;

namespace SmartCity.Grains.Tests.Cluster;

[Collection(SharedCluster.Name)]
public sealed class GridCellGrainTests(ClusterFixture fixture)
{
    private IGridCellGrain Cell(string id) => fixture.Grains.GetGrain<IGridCellGrain>(id);

    [Fact]
    public async Task Cell_shows_its_definition_and_census()
    {
        var cell = TestCity.TakeCell();

        var view = await Cell(cell.Id).GetAsync();

        Assert.Equal((cell.Name, cell.DistrictId, cell.Community, cell.OfficialId), (view.Name, view.DistrictId, view.Community, view.OfficialId));
        Assert.Equal(TestCity.Map.NeighboursOf(cell.Id), view.NeighbourIds);
        Assert.Equal(cell.Boundary.Ring, view.Boundary);
        Assert.Equal((1, cell.Households, cell.Residents, cell.Migrants), (view.Summary.GridCells, view.Summary.Households, view.Summary.Residents, view.Summary.Migrants));
    }

    [Fact]
    public async Task Cell_whose_sensors_never_spoke_counts_every_bay_unknown()
    {
        var cell = TestCity.TakeCell();
        int bays = TestCity.MembersOf(cell).ParkingBays.Count;

        var summary = await Cell(cell.Id).GetSummaryAsync();

        Assert.Equal(new BayCounts(bays, 0, 0, bays), summary.Bays);
    }

    [Fact]
    public async Task Free_bay_shows_in_its_cells_summary_and_parking_search()
    {
        var cell = TestCity.TakeCell();
        var bay = TestCity.MembersOf(cell).ParkingBays[0];
        int bays = TestCity.MembersOf(cell).ParkingBays.Count;

        await fixture.Grains.GetGrain<IParkingBayGrain>(bay.Id).ApplyReadingsAsync([Sensor.BayFree(bay.Id, fixture.Now)]);
        var summary = await Eventually.ReadAsync(() => Cell(cell.Id).GetSummaryAsync(), s => s.Bays.Free == 1);
        var found = await Cell(cell.Id).FindParkingAsync(bay.Location, radiusMeters: 50, limit: 5);

        Assert.Equal(new BayCounts(bays, Free: 1, Occupied: 0, Unknown: bays - 1), summary.Bays);
        var match = Assert.Single(found);
        Assert.Equal((bay.Id, ParkingKind.Bay, bay.Street, cell.Id), (match.Id, match.Kind, match.Name, match.GridCellId));
        Assert.Equal(0, match.DistanceMeters, tolerance: 0.01);
    }

    [Fact]
    public async Task Occupied_bay_is_counted_but_not_offered()
    {
        var cell = TestCity.TakeCell();
        var bay = TestCity.MembersOf(cell).ParkingBays[0];

        await fixture.Grains.GetGrain<IParkingBayGrain>(bay.Id).ApplyReadingsAsync([Sensor.BayOccupied(bay.Id, fixture.Now)]);
        var summary = await Eventually.ReadAsync(() => Cell(cell.Id).GetSummaryAsync(), s => s.Bays.Occupied == 1);

        Assert.Equal((0, 1), (summary.Bays.Free, summary.Bays.Occupied));
        Assert.Empty(await Cell(cell.Id).FindParkingAsync(bay.Location, radiusMeters: 1000, limit: 5));
    }

    [Fact]
    public async Task Bay_that_is_taken_leaves_the_parking_search()
    {
        var cell = TestCity.TakeCell();
        var bay = TestCity.MembersOf(cell).ParkingBays[0];
        var sensor = fixture.Grains.GetGrain<IParkingBayGrain>(bay.Id);
        await sensor.ApplyReadingsAsync([Sensor.BayFree(bay.Id, fixture.Now.AddSeconds(-10))]);
        await Eventually.ReadAsync(() => Cell(cell.Id).FindParkingAsync(bay.Location, 50, 5), found => found.Length == 1);

        await sensor.ApplyReadingsAsync([Sensor.BayOccupied(bay.Id, fixture.Now)]);
        var found = await Eventually.ReadAsync(() => Cell(cell.Id).FindParkingAsync(bay.Location, 50, 5), found => found.Length == 0);

        Assert.Empty(found);
    }

    [Fact]
    public async Task Cell_remembers_its_members_news_after_it_is_deactivated()
    {
        var cell = TestCity.TakeCell();
        var bay = TestCity.MembersOf(cell).ParkingBays[0];
        await fixture.Grains.GetGrain<IParkingBayGrain>(bay.Id).ApplyReadingsAsync([Sensor.BayFree(bay.Id, fixture.Now)]);
        await Eventually.ReadAsync(() => Cell(cell.Id).GetSummaryAsync(), s => s.Bays.Free == 1);

        await fixture.Cluster.DeactivateAsync(Cell(cell.Id));

        Assert.Equal(1, (await Cell(cell.Id).GetSummaryAsync()).Bays.Free);
    }

    [Fact]
    public async Task Older_news_of_a_member_does_not_overwrite_newer_news()
    {
        var cell = TestCity.TakeCell();
        var bays = TestCity.MembersOf(cell).ParkingBays;
        var grain = Cell(cell.Id);

        await grain.MembersChangedAsync([new MemberUpdate(bays[0].Id, 1, fixture.Now, fixture.Now)]);
        await grain.MembersChangedAsync([new MemberUpdate(bays[0].Id, 0, fixture.Now.AddSeconds(-1), fixture.Now.AddSeconds(-1))]);
        await grain.MembersChangedAsync([new MemberUpdate(bays[1].Id, 0, fixture.Now, fixture.Now)]);
        var summary = await Eventually.ReadAsync(grain.GetSummaryAsync, s => s.Bays.Free + s.Bays.Occupied == 2);

        Assert.Equal((Free: 1, Occupied: 1), (summary.Bays.Free, summary.Bays.Occupied));
    }

    [Fact]
    public async Task Car_park_with_spaces_shows_in_its_cells_parking_search()
    {
        var cell = TestCity.TakeCell(m => m.CarParks.Count > 0);
        var carPark = TestCity.MembersOf(cell).CarParks[0];

        await fixture.Grains.GetGrain<ICarParkGrain>(carPark.Id).ApplyReadingsAsync(
            [Sensor.Says(carPark.Id, ReadingType.Count, carPark.Capacity - 7, fixture.Now)]);
        var found = await Eventually.ReadAsync(() => Cell(cell.Id).FindParkingAsync(carPark.Location, 10, 5), f => f.Length > 0);
        var summary = await Cell(cell.Id).GetSummaryAsync();

        var match = Assert.Single(found);
        Assert.Equal((carPark.Id, ParkingKind.CarPark, 7), (match.Id, match.Kind, match.SpacesFree));
        Assert.Equal((7, 0), (summary.CarParks.SpacesFree, summary.CarParks.Unknown));
    }

    [Fact]
    public async Task Broken_toilet_is_shown_out_of_order_and_left_out_of_open_now()
    {
        var cell = TestCity.TakeCell(m => m.Facilities.Any(IsToiletWithSensor));
        var toilet = TestCity.MembersOf(cell).Facilities.First(IsToiletWithSensor);

        await fixture.Grains.GetGrain<IFacilityGrain>(toilet.Id).ApplyReadingsAsync(
            [Sensor.Says(toilet.Id, ReadingType.Status, (int)FacilityCondition.OutOfOrder, fixture.Now)]);
        var match = await Eventually.ReadAsync(() => StatusInCellAsync(cell, toilet), m => m?.Status == FacilityStatus.OutOfOrder);
        var openNow = await Cell(cell.Id).FindFacilitiesAsync(toilet.Location, 10, FacilityKind.PublicToilet, openNowOnly: true, limit: 5);

        Assert.Equal(FacilityStatus.OutOfOrder, match?.Status);
        Assert.DoesNotContain(openNow, m => m.Id == toilet.Id);
        Assert.Equal(1, (await Cell(cell.Id).GetSummaryAsync()).Facilities[FacilityKind.PublicToilet].OutOfOrder);
    }

    [Fact]
    public async Task Toilet_reported_broken_reaches_its_cell_even_when_a_head_count_was_observed_a_little_later()
    {
        // One sensor batch: the head count taken at 10:00:00, the fault noticed at 09:59:55.
        var cell = TestCity.TakeCell(m => m.Facilities.Any(IsToiletWithSensor));
        var toilet = TestCity.MembersOf(cell).Facilities.First(IsToiletWithSensor);
        var facility = fixture.Grains.GetGrain<IFacilityGrain>(toilet.Id);

        await facility.ApplyReadingsAsync(
        [
            Sensor.Says(toilet.Id, ReadingType.Occupancy, 2, fixture.Now),
            Sensor.Says(toilet.Id, ReadingType.Status, (int)FacilityCondition.OutOfOrder, fixture.Now.AddSeconds(-5)),
        ]);
        var inCell = await Eventually.ReadAsync(() => StatusInCellAsync(cell, toilet), m => m?.Status == FacilityStatus.OutOfOrder);

        Assert.Equal(FacilityStatus.OutOfOrder, (await facility.GetAsync()).Status);
        Assert.Equal(FacilityStatus.OutOfOrder, inCell?.Status);
    }

    [Fact]
    public async Task Toilet_fault_that_arrives_after_a_later_head_count_still_reaches_its_cell()
    {
        var cell = TestCity.TakeCell(m => m.Facilities.Any(IsToiletWithSensor));
        var toilet = TestCity.MembersOf(cell).Facilities.First(IsToiletWithSensor);
        var facility = fixture.Grains.GetGrain<IFacilityGrain>(toilet.Id);
        await facility.ApplyReadingsAsync([Sensor.Says(toilet.Id, ReadingType.Occupancy, 2, fixture.Now)]);
        await Eventually.ReadAsync(() => StatusInCellAsync(cell, toilet), m => m?.Status == FacilityStatus.Open);

        await facility.ApplyReadingsAsync([Sensor.Says(toilet.Id, ReadingType.Status, (int)FacilityCondition.OutOfOrder, fixture.Now.AddSeconds(-5))]);
        var inCell = await Eventually.ReadAsync(() => StatusInCellAsync(cell, toilet), m => m?.Status == FacilityStatus.OutOfOrder);

        Assert.Equal(FacilityStatus.OutOfOrder, inCell?.Status);
    }

    private static bool IsToiletWithSensor(FacilityDefinition f) => f.Kind == FacilityKind.PublicToilet && f.HasSensor;

    private async Task<FacilityMatch?> StatusInCellAsync(GridCellDefinition cell, FacilityDefinition facility)
    {
        var found = await Cell(cell.Id).FindFacilitiesAsync(facility.Location, 10, facility.Kind, openNowOnly: false, limit: 10);
        return found.SingleOrDefault(m => m.Id == facility.Id);
    }
}
