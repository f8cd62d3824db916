using SmartCity.Grains.City;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Grid;
using SmartCity.Grains.Parking;
using SmartCity.Grains.Readings;

namespace SmartCity.Grains.Tests.Cluster;

/// <summary>Changes in a cell of the roll-up district, which no other test touches, and what its district and the city show.</summary>
[Collection(SharedCluster.Name)]
public sealed class RollUpTests(ClusterFixture fixture)
{
    private static readonly TimeSpan RollUpWait = TimeSpan.FromSeconds(10);

    private IDistrictGrain District(string id) => fixture.Grains.GetGrain<IDistrictGrain>(id);

    private ICityGrain City => fixture.Grains.GetGrain<ICityGrain>(ICityGrain.Key);

    [Fact]
    public async Task District_and_city_follow_bay_changes_in_a_cell()
    {
        var cell = TestCity.TakeCell(inRollUpDistrict: true);
        var bays = TestCity.MembersOf(cell).ParkingBays;
        var before = (await District(cell.DistrictId).GetAsync()).Summary.Bays;

        await Task.WhenAll(bays.Take(5).Select((bay, i) =>
            fixture.Grains.GetGrain<IParkingBayGrain>(bay.Id).ApplyReadingsAsync([Sensor.Says(bay.Id, ReadingType.Occupancy, i < 3 ? 0 : 1, fixture.Now)])));
        var expected = before with { Free = before.Free + 3, Occupied = before.Occupied + 2, Unknown = before.Unknown - 5 };
        var district = await Eventually.ReadAsync(() => District(cell.DistrictId).GetAsync(), d => d.Summary.Bays == expected, RollUpWait);
        var city = await Eventually.ReadAsync(City.GetAsync, c => DistrictIn(c, cell.DistrictId).Summary.Bays == expected, RollUpWait);

        Assert.Equal(expected, district.Summary.Bays);
        Assert.Equal(expected, DistrictIn(city, cell.DistrictId).Summary.Bays);
        Assert.Equal(city.Districts.Select(d => d.Summary.Bays).Aggregate(BayCounts.None, (sum, b) => sum.Add(b)), city.Summary.Bays);
    }

    [Fact]
    public async Task District_counts_a_toilet_that_broke_down()
    {
        var cell = TestCity.TakeCell(m => m.Facilities.Any(IsToiletWithSensor), inRollUpDistrict: true);
        var toilet = TestCity.MembersOf(cell).Facilities.First(IsToiletWithSensor);
        var before = (await District(cell.DistrictId).GetAsync()).Summary.Facilities[FacilityKind.PublicToilet];

        await fixture.Grains.GetGrain<IFacilityGrain>(toilet.Id).ApplyReadingsAsync(
            [Sensor.Says(toilet.Id, ReadingType.Status, (int)FacilityCondition.OutOfOrder, fixture.Now)]);
        var expected = before with { OutOfOrder = before.OutOfOrder + 1, Unknown = before.Unknown - 1 };
        var district = await Eventually.ReadAsync(
            () => District(cell.DistrictId).GetAsync(), d => d.Summary.Facilities[FacilityKind.PublicToilet] == expected, RollUpWait);

        Assert.Equal(expected, district.Summary.Facilities[FacilityKind.PublicToilet]);
    }

    [Fact]
    public async Task District_adds_up_the_census_of_its_cells()
    {
        var cells = TestCity.Map.Definition.GridCells.Where(c => c.DistrictId == TestCity.RollUpDistrictId).ToList();

        var summary = (await District(TestCity.RollUpDistrictId).GetAsync()).Summary;

        Assert.Equal((cells.Count, cells.Sum(c => c.Households), cells.Sum(c => c.Residents)), (summary.GridCells, summary.Households, summary.Residents));
        Assert.Equal(cells.Sum(c => TestCity.Map.MembersOf(c.Id).ParkingBays.Count), summary.Bays.Total);
    }

    [Fact]
    public async Task City_adds_up_every_cell_and_lists_every_district()
    {
        var definition = TestCity.Map.Definition;

        var city = await City.GetAsync();

        Assert.Equal(definition.Name, city.Name);
        Assert.Equal(definition.Districts.Select(d => (d.Id, d.Name)), city.Districts.Select(d => (d.Id, d.Name)));
        Assert.Equal((definition.GridCells.Count, definition.GridCells.Sum(c => c.Residents)), (city.Summary.GridCells, city.Summary.Residents));
        Assert.Equal((definition.ParkingBays.Count, definition.CarParks.Count), (city.Summary.Bays.Total, city.Summary.CarParks.CarParks));
        Assert.Equal(definition.Facilities.Count, city.Summary.Facilities.Values.Sum(f => f.Total));
    }

    private static AreaView DistrictIn(CityView city, string districtId) => city.Districts.Single(d => d.Id == districtId);

    private static bool IsToiletWithSensor(FacilityDefinition f) => f.Kind == FacilityKind.PublicToilet && f.HasSensor;
}
