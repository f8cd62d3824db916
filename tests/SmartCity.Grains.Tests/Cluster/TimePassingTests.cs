using SmartCity.Grains.City;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Grid;
using SmartCity.Grains.Parking;
using SmartCity.Grains.Readings;

namespace SmartCity.Grains.Tests.Cluster;

/// <summary>
/// What changes as city time passes with no news. These tests move the city clock forward, so they
/// run on a cluster of their own and state every time relative to the clock's now.
/// </summary>
[Collection(ClusterWithMovingClock.Name)]
public sealed class TimePassingTests(ClusterFixture fixture)
{
    private IGridCellGrain Cell(string id) => fixture.Grains.GetGrain<IGridCellGrain>(id);

    [Fact]
    public async Task Bay_whose_sensor_falls_silent_becomes_unknown_in_the_bay_and_its_cell()
    {
        var cell = TestCity.TakeCell();
        var bay = TestCity.MembersOf(cell).ParkingBays[0];
        var sensor = fixture.Grains.GetGrain<IParkingBayGrain>(bay.Id);
        await sensor.ApplyReadingsAsync([Sensor.BayFree(bay.Id, fixture.Now)]);
        await Eventually.ReadAsync(() => Cell(cell.Id).GetSummaryAsync(), s => s.Bays.Free == 1);

        fixture.Time.Advance(ClusterFixture.SilenceLimit + TimeSpan.FromMinutes(1));

        Assert.Equal(BayStatus.Unknown, (await sensor.GetAsync()).Status);
        Assert.Equal(0, (await Cell(cell.Id).GetSummaryAsync()).Bays.Free);
        Assert.Empty(await Cell(cell.Id).FindParkingAsync(bay.Location, 50, 5));
    }

    [Fact]
    public async Task Bay_falling_silent_reaches_the_district_without_further_news()
    {
        var cell = TestCity.TakeCell(inRollUpDistrict: true);
        var bay = TestCity.MembersOf(cell).ParkingBays[0];
        var district = fixture.Grains.GetGrain<IDistrictGrain>(cell.DistrictId);
        var before = (await district.GetAsync()).Summary.Bays;
        // Heard just inside the limit: free now, silent two seconds of city time from now.
        var observedAt = fixture.Now - ClusterFixture.SilenceLimit + TimeSpan.FromSeconds(2);
        await fixture.Grains.GetGrain<IParkingBayGrain>(bay.Id).ApplyReadingsAsync([Sensor.BayFree(bay.Id, observedAt)]);
        var free = await Eventually.ReadAsync(() => district.GetAsync(), d => d.Summary.Bays.Free == before.Free + 1);
        Assert.Equal(before.Free + 1, free.Summary.Bays.Free);

        fixture.Time.Advance(TimeSpan.FromSeconds(5));
        var silent = await Eventually.ReadAsync(() => district.GetAsync(), d => d.Summary.Bays == before, TimeSpan.FromSeconds(10));

        Assert.Equal(before, silent.Summary.Bays);
    }

    [Fact]
    public async Task Toilet_closes_at_ten_in_the_evening_whatever_its_sensor_says()
    {
        var cell = TestCity.TakeCell(m => m.Facilities.Any(ClosesAtTen));
        var toilet = TestCity.MembersOf(cell).Facilities.First(ClosesAtTen);
        var facility = fixture.Grains.GetGrain<IFacilityGrain>(toilet.Id);

        MoveClockTo(new TimeOnly(22, 0));
        await facility.ApplyReadingsAsync([Sensor.Says(toilet.Id, ReadingType.Status, (int)FacilityCondition.InService, fixture.Now)]);
        var inCell = await Eventually.ReadAsync(
            () => Cell(cell.Id).FindFacilitiesAsync(toilet.Location, 10, FacilityKind.PublicToilet, openNowOnly: false, limit: 5),
            found => found.Any(m => m.Id == toilet.Id && m.Status == FacilityStatus.Closed));
        var openNow = await Cell(cell.Id).FindFacilitiesAsync(toilet.Location, 10, FacilityKind.PublicToilet, openNowOnly: true, limit: 5);

        var view = await facility.GetAsync();
        Assert.Equal((FacilityStatus.Closed, false), (view.Status, view.OpenByHours));
        Assert.Equal(FacilityStatus.Closed, inCell.Single(m => m.Id == toilet.Id).Status);
        Assert.DoesNotContain(openNow, m => m.Id == toilet.Id);
    }

    private static bool ClosesAtTen(FacilityDefinition f) =>
        f.Kind == FacilityKind.PublicToilet && f.HasSensor && f.OpeningHours.Text == "Mo-Su 06:00-22:00";

    /// <summary>Moves the city clock forward to the next time it is this late in Hangzhou (never backwards).</summary>
    private void MoveClockTo(TimeOnly localTime)
    {
        var local = TestCity.Map.LocalTime(fixture.Now);
        var target = local.Date + localTime.ToTimeSpan();
        if (target < local) target = target.AddDays(1);
        fixture.Time.Advance(target - local);
    }
}
