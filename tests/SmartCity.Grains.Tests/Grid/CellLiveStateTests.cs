using SmartCity.Grains.City;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Geo;
using SmartCity.Grains.Grid;
using SmartCity.Grains.Readings;

namespace SmartCity.Grains.Tests.Grid;

public sealed class CellLiveStateTests
{
    // Wednesday 25 November 2026, 10:00 in Hangzhou (UTC+8).
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan SilenceLimit = TimeSpan.FromMinutes(30);
    private static readonly GeoPoint Centre = new(30.27, 120.16);

    private static readonly GridCellDefinition Cell = new(
        "grid:XH-0001", "Cuiyuan Grid 1", "district:XH", "Cuiyuan Community", 300, 800, 120, "official:XH-G001",
        new GeoPolygon([At(-200, -200), At(-200, 200), At(200, 200), At(200, -200)]));

    private static readonly GridCellMembers Members = new(
        [
            new ParkingBayDefinition("bay:XH-0001-01", At(0, 50), "Wensan Road"),
            new ParkingBayDefinition("bay:XH-0001-02", At(0, 100), "Wensan Road"),
            new ParkingBayDefinition("bay:XH-0001-03", At(150, 0), "Xueyuan Road"),
            new ParkingBayDefinition("bay:XH-0001-04", At(0, -180), "Wensan Road"),
        ],
        [new CarParkDefinition("carpark:XH-01", "Cuiyuan Car Park 1", At(-80, 0), 100)],
        [
            new FacilityDefinition("facility:XH-toilet-001", "Cuiyuan Public Toilet 1", FacilityKind.PublicToilet,
                At(60, 0), 8, OpeningHours.Parse("Mo-Su 06:00-22:00"), HasSensor: true),
            new FacilityDefinition("facility:XH-clinic-001", "Cuiyuan Clinic 1", FacilityKind.Clinic,
                At(0, -120), 40, OpeningHours.Parse("Mo-Su 08:00-20:00"), HasSensor: false),
            new FacilityDefinition("facility:XH-hall-001", "Cuiyuan Community Service Hall", FacilityKind.ServiceHall,
                At(-150, 0), 80, OpeningHours.Parse("Mo-Fr 08:30-17:00"), HasSensor: true),
        ]);

    /// <summary>A point this many metres north and east of the cell's centre.</summary>
    private static GeoPoint At(double northMeters, double eastMeters) => new(
        Centre.Lat + northMeters / 111_320.0,
        Centre.Lon + eastMeters / (111_320.0 * Math.Cos(Centre.Lat * Math.PI / 180)));

    private static CellLiveState CellWith(params MemberUpdate[] words)
    {
        var state = new CellLiveState(Cell, Members, new Dictionary<string, MemberUpdate>(StringComparer.Ordinal), SilenceLimit,
            instant => instant.ToOffset(TimeSpan.FromHours(8)).DateTime);
        foreach (var word in words) state.Apply(word);
        return state;
    }

    private static MemberUpdate Free(string bayId, DateTimeOffset at) => new(bayId, 0, at, at);

    private static MemberUpdate Occupied(string bayId, DateTimeOffset at) => new(bayId, 1, at, at);

    private static MemberUpdate Condition(string facilityId, FacilityCondition condition, DateTimeOffset at) => new(facilityId, (int)condition, at, at);

    private static MemberUpdate Condition(string facilityId, FacilityCondition condition, DateTimeOffset observedAt, DateTimeOffset heardAt) =>
        new(facilityId, (int)condition, observedAt, heardAt);

    [Fact]
    public void Summary_counts_free_occupied_and_unknown_bays()
    {
        var cell = CellWith(Free("bay:XH-0001-01", Now.AddMinutes(-1)), Occupied("bay:XH-0001-02", Now.AddMinutes(-2)));

        var summary = cell.Summarize(Now);

        Assert.Equal(new BayCounts(Total: 4, Free: 1, Occupied: 1, Unknown: 2), summary.Bays);
    }

    [Fact]
    public void Summary_carries_the_cells_census()
    {
        var summary = CellWith().Summarize(Now);

        Assert.Equal((1, 300, 800, 120), (summary.GridCells, summary.Households, summary.Residents, summary.Migrants));
    }

    [Fact]
    public void Bay_silent_longer_than_the_limit_counts_as_unknown()
    {
        var cell = CellWith(Free("bay:XH-0001-01", Now - SilenceLimit - TimeSpan.FromSeconds(1)), Free("bay:XH-0001-02", Now - SilenceLimit));

        var summary = cell.Summarize(Now);

        Assert.Equal(new BayCounts(Total: 4, Free: 1, Occupied: 0, Unknown: 3), summary.Bays);
    }

    [Fact]
    public void Older_member_update_is_ignored()
    {
        var cell = CellWith(Occupied("bay:XH-0001-01", Now.AddMinutes(-1)));

        Assert.False(cell.Apply(Free("bay:XH-0001-01", Now.AddMinutes(-2))));
        Assert.Equal(new BayCounts(4, 0, 1, 3), cell.Summarize(Now).Bays);
    }

    [Fact]
    public void Repeated_member_update_is_no_change()
    {
        var cell = CellWith(Occupied("bay:XH-0001-01", Now.AddMinutes(-1)));

        Assert.False(cell.Apply(Occupied("bay:XH-0001-01", Now.AddMinutes(-1))));
    }

    [Fact]
    public void Member_correcting_its_value_without_newer_news_is_believed()
    {
        // A facility's late status reading changes its condition while its last sign of life stays the same.
        var heardAt = Now.AddMinutes(-1);
        var cell = CellWith(Condition("facility:XH-toilet-001", FacilityCondition.InService, heardAt.AddMinutes(-30), heardAt));

        Assert.True(cell.Apply(Condition("facility:XH-toilet-001", FacilityCondition.OutOfOrder, heardAt.AddSeconds(-10), heardAt)));
        Assert.Equal(1, cell.Summarize(Now).Facilities[FacilityKind.PublicToilet].OutOfOrder);
    }

    [Fact]
    public void News_of_one_member_gives_the_same_answer_in_whatever_order_it_arrives()
    {
        // Status observed at 10:00, a head count heard at 10:05: the cell must end with the status
        // and the 10:05 sign of life, whether the status or the head count's news comes first.
        var status = Condition("facility:XH-toilet-001", FacilityCondition.OutOfOrder, Now.AddMinutes(-5), Now.AddMinutes(-5));
        var headCount = Condition("facility:XH-toilet-001", FacilityCondition.InService, DateTimeOffset.MinValue, Now);
        var statusFirst = CellWith();
        var headCountFirst = CellWith();

        statusFirst.Apply(status);
        statusFirst.Apply(headCount);
        headCountFirst.Apply(headCount);
        headCountFirst.Apply(status);

        Assert.Equal(1, statusFirst.Summarize(Now).Facilities[FacilityKind.PublicToilet].OutOfOrder);
        Assert.Equal(
            statusFirst.Summarize(Now).Facilities[FacilityKind.PublicToilet],
            headCountFirst.Summarize(Now).Facilities[FacilityKind.PublicToilet]);
        // The sign of life is the head count's: 26 minutes after the status it is still not silent.
        Assert.Equal(1, headCountFirst.Summarize(Now.AddMinutes(26)).Facilities[FacilityKind.PublicToilet].OutOfOrder);
    }

    [Fact]
    public void Newer_member_update_replaces_the_last_word()
    {
        var cell = CellWith(Occupied("bay:XH-0001-01", Now.AddMinutes(-2)));

        Assert.True(cell.Apply(Free("bay:XH-0001-01", Now.AddMinutes(-1))));
        Assert.Equal(new BayCounts(4, 1, 0, 3), cell.Summarize(Now).Bays);
    }

    [Fact]
    public void FindParking_offers_only_free_bays_within_the_radius_nearest_first()
    {
        var cell = CellWith(
            Free("bay:XH-0001-04", Now), Free("bay:XH-0001-02", Now), Free("bay:XH-0001-01", Now), Occupied("bay:XH-0001-03", Now));

        var found = cell.FindParking(Centre, radiusMeters: 160, limit: 10, Now);

        Assert.Equal(["bay:XH-0001-01", "bay:XH-0001-02"], found.Select(m => m.Id));
        Assert.All(found, m => Assert.Equal(ParkingKind.Bay, m.Kind));
        Assert.Equal(50, found[0].DistanceMeters, tolerance: 1);
        Assert.Equal("grid:XH-0001", found[0].GridCellId);
    }

    [Fact]
    public void FindParking_returns_no_more_than_the_limit()
    {
        var cell = CellWith(Free("bay:XH-0001-01", Now), Free("bay:XH-0001-02", Now), Free("bay:XH-0001-04", Now));

        var found = cell.FindParking(Centre, radiusMeters: 500, limit: 1, Now);

        Assert.Equal("bay:XH-0001-01", Assert.Single(found).Id);
    }

    [Fact]
    public void FindParking_leaves_out_bays_whose_sensor_fell_silent()
    {
        var cell = CellWith(Free("bay:XH-0001-01", Now.AddHours(-1)), Free("bay:XH-0001-02", Now));

        var found = cell.FindParking(Centre, radiusMeters: 500, limit: 10, Now);

        Assert.Equal("bay:XH-0001-02", Assert.Single(found).Id);
    }

    [Fact]
    public void Car_park_counts_its_free_spaces_in_the_summary_and_the_search()
    {
        var cell = CellWith(new MemberUpdate("carpark:XH-01", 70, Now, Now));

        var summary = cell.Summarize(Now);
        var found = cell.FindParking(Centre, radiusMeters: 500, limit: 10, Now);

        Assert.Equal(new CarParkCounts(CarParks: 1, Spaces: 100, SpacesFree: 30, Unknown: 0), summary.CarParks);
        var carPark = Assert.Single(found);
        Assert.Equal((ParkingKind.CarPark, "Cuiyuan Car Park 1", 30), (carPark.Kind, carPark.Name, carPark.SpacesFree));
    }

    [Fact]
    public void Full_car_park_is_not_offered()
    {
        var cell = CellWith(new MemberUpdate("carpark:XH-01", 104, Now, Now));

        Assert.Equal(0, cell.Summarize(Now).CarParks.SpacesFree);
        Assert.Empty(cell.FindParking(Centre, radiusMeters: 500, limit: 10, Now));
    }

    [Fact]
    public void Car_park_with_a_silent_counter_counts_as_unknown_with_no_free_spaces()
    {
        var cell = CellWith(new MemberUpdate("carpark:XH-01", 10, Now.AddHours(-1), Now.AddHours(-1)));

        Assert.Equal(new CarParkCounts(CarParks: 1, Spaces: 100, SpacesFree: 0, Unknown: 1), cell.Summarize(Now).CarParks);
        Assert.Empty(cell.FindParking(Centre, radiusMeters: 500, limit: 10, Now));
    }

    [Fact]
    public void Summary_counts_facilities_by_kind_and_status()
    {
        var cell = CellWith(Condition("facility:XH-toilet-001", FacilityCondition.OutOfOrder, Now));

        var facilities = cell.Summarize(Now).Facilities;

        Assert.Equal(new FacilityCounts(Total: 1, OpenNow: 0, Closed: 0, OutOfOrder: 1, Unknown: 0), facilities[FacilityKind.PublicToilet]);
        Assert.Equal(new FacilityCounts(Total: 1, OpenNow: 1, Closed: 0, OutOfOrder: 0, Unknown: 0), facilities[FacilityKind.Clinic]);
        Assert.Equal(new FacilityCounts(Total: 1, OpenNow: 0, Closed: 0, OutOfOrder: 0, Unknown: 1), facilities[FacilityKind.ServiceHall]);
        Assert.Equal(FacilityCounts.None, facilities[FacilityKind.School]);
    }

    [Fact]
    public void FindFacilities_open_now_leaves_out_broken_and_unknown_facilities()
    {
        var cell = CellWith(Condition("facility:XH-toilet-001", FacilityCondition.OutOfOrder, Now));

        var all = cell.FindFacilities(Centre, radiusMeters: 500, kind: null, openNowOnly: false, limit: 10, Now);
        var open = cell.FindFacilities(Centre, radiusMeters: 500, kind: null, openNowOnly: true, limit: 10, Now);

        Assert.Equal(
            [("facility:XH-toilet-001", FacilityStatus.OutOfOrder), ("facility:XH-clinic-001", FacilityStatus.Open), ("facility:XH-hall-001", FacilityStatus.Unknown)],
            all.Select(m => (m.Id, m.Status)));
        Assert.Equal("facility:XH-clinic-001", Assert.Single(open).Id);
    }

    [Fact]
    public void FindFacilities_of_one_kind_lists_only_that_kind()
    {
        var cell = CellWith(Condition("facility:XH-hall-001", FacilityCondition.InService, Now));

        var found = cell.FindFacilities(Centre, radiusMeters: 500, FacilityKind.ServiceHall, openNowOnly: true, limit: 10, Now);

        var hall = Assert.Single(found);
        Assert.Equal(("facility:XH-hall-001", FacilityStatus.Open, "Mo-Fr 08:30-17:00"), (hall.Id, hall.Status, hall.OpeningHours));
    }

    [Fact]
    public void FindFacilities_respects_the_radius()
    {
        var found = CellWith().FindFacilities(Centre, radiusMeters: 100, kind: null, openNowOnly: false, limit: 10, Now);

        Assert.Equal("facility:XH-toilet-001", Assert.Single(found).Id);
    }

    [Fact]
    public void Facility_outside_its_hours_is_closed_whatever_its_sensor_says()
    {
        var lateEvening = Now.AddHours(13); // 23:00 local
        var cell = CellWith(Condition("facility:XH-toilet-001", FacilityCondition.InService, lateEvening));

        var toilet = cell.FindFacilities(Centre, 500, FacilityKind.PublicToilet, openNowOnly: false, limit: 10, lateEvening).Single();

        Assert.Equal(FacilityStatus.Closed, toilet.Status);
    }

    [Fact]
    public void Time_driven_change_comes_when_the_nearest_member_falls_silent()
    {
        var cell = CellWith(Free("bay:XH-0001-01", Now.AddMinutes(-25)), Free("bay:XH-0001-02", Now.AddMinutes(-5)));

        Assert.Equal(TimeSpan.FromMinutes(5), cell.TimeUntilTimeDrivenChange(Now));
    }

    [Fact]
    public void Members_already_silent_bring_no_further_change()
    {
        var cell = CellWith(Free("bay:XH-0001-01", Now.AddHours(-2)));

        // The service hall closes at 17:00, seven hours away; the long-silent bay changes nothing.
        Assert.Equal(TimeSpan.FromHours(7), cell.TimeUntilTimeDrivenChange(Now));
    }

    [Fact]
    public void Time_driven_change_comes_when_the_next_facility_opens()
    {
        var earlyMorning = new DateTimeOffset(2026, 11, 25, 5, 30, 0, TimeSpan.FromHours(8));

        // The toilet opens at 06:00.
        Assert.Equal(TimeSpan.FromMinutes(30), CellWith().TimeUntilTimeDrivenChange(earlyMorning));
    }

    [Fact]
    public void Cell_with_no_live_members_and_facilities_always_open_never_changes_by_itself()
    {
        var members = new GridCellMembers(
            [new ParkingBayDefinition("bay:XH-0001-01", Centre, "Wensan Road")], [],
            [new FacilityDefinition("facility:XH-police-001", "Cuiyuan Police Post 1", FacilityKind.PolicePost, Centre, 6, OpeningHours.AlwaysOpen, false)]);
        var cell = new CellLiveState(Cell, members, [], SilenceLimit, instant => instant.DateTime);

        Assert.Null(cell.TimeUntilTimeDrivenChange(Now));
    }
}
