using System.Net;
using System.Text.Json;

namespace SmartCity.Api.Tests.City;

[Collection(SharedTwin.Name)]
public sealed class CityEndpointTests(TwinFixture twin)
{
    [Fact]
    public async Task City_totals_match_the_demo_city()
    {
        var definition = twin.City.Definition;

        var city = await twin.GetAsync("/api/city");

        Assert.Equal(("Hangzhou (demo)", "Asia/Shanghai"), (city.GetProperty("name").GetString(), city.GetProperty("timeZone").GetString()));
        Assert.Equal(twin.Now, city.GetProperty("asOf").GetDateTimeOffset());
        Assert.Equal((6, 400), (city.GetProperty("districts").GetInt32(), city.GetProperty("gridCells").GetInt32()));
        Assert.Equal(definition.GridCells.Sum(c => c.Households), city.GetProperty("households").GetInt32());
        Assert.Equal(definition.GridCells.Sum(c => c.Residents), city.GetProperty("residents").GetInt32());
        Assert.Equal(definition.GridCells.Sum(c => c.Migrants), city.GetProperty("migrants").GetInt32());
        var bays = city.GetProperty("bays");
        Assert.Equal(20_000, bays.GetProperty("total").GetInt32());
        Assert.Equal(20_000, bays.GetProperty("free").GetInt32() + bays.GetProperty("occupied").GetInt32() + bays.GetProperty("unknown").GetInt32());
        var carParks = city.GetProperty("carParks");
        Assert.Equal((40, definition.CarParks.Sum(c => c.Capacity)), (carParks.GetProperty("carParks").GetInt32(), carParks.GetProperty("spaces").GetInt32()));
        Assert.Equal(
            new Dictionary<string, int> { ["publicToilet"] = 280, ["serviceHall"] = 40, ["clinic"] = 90, ["school"] = 120, ["policePost"] = 70 },
            city.GetProperty("facilities").EnumerateObject().ToDictionary(kind => kind.Name, kind => kind.Value.GetProperty("total").GetInt32()));
        var byDistrict = city.GetProperty("byDistrict").EnumerateArray().ToArray();
        Assert.Equal(definition.Districts.Select(d => d.Id), byDistrict.Select(d => d.GetProperty("id").GetString()));
        Assert.Equal(400, byDistrict.Sum(d => d.GetProperty("summary").GetProperty("gridCells").GetInt32()));
    }

    [Fact]
    public async Task City_and_district_free_bay_counts_rise_within_two_seconds_of_a_bay_going_free()
    {
        var bay = twin.TakeBay();
        string districtId = twin.City.GridCell(twin.City.GridCellOf(bay.Id))!.DistrictId;
        var before = await SettledFreeBaysAsync(districtId);

        await twin.ApplyAsync(TwinFixture.Reading(bay.Id, "occupancy", "free", twin.SecondsAgo(1)));

        // Cells and districts push their summaries a moment after a change; poll, but not for long.
        var after = await TwinFixture.EventuallyAsync(
            () => FreeBaysAsync(districtId), now => now.City > before.City && now.District > before.District, TimeSpan.FromSeconds(10));
        Assert.Equal((before.City + 1, before.District + 1), after);
    }

    [Fact]
    public async Task District_sums_the_people_and_bays_of_its_grid_cells()
    {
        var district = twin.City.Definition.Districts.Single(d => d.Id == "district:XH");
        var cells = twin.City.CellsByDistrict[district.Id].Select(id => twin.City.GridCell(id)!).ToArray();

        var view = await twin.GetAsync($"/api/districts/{district.Id}");

        Assert.Equal((district.Id, "Xihu"), (view.GetProperty("id").GetString(), view.GetProperty("name").GetString()));
        var summary = view.GetProperty("summary");
        Assert.Equal(cells.Length, summary.GetProperty("gridCells").GetInt32());
        Assert.Equal(cells.Sum(c => c.Households), summary.GetProperty("households").GetInt32());
        Assert.Equal(cells.Sum(c => twin.City.MembersOf(c.Id).ParkingBays.Count), summary.GetProperty("bays").GetProperty("total").GetInt32());
        Assert.Equal(
            cells.Sum(c => twin.City.MembersOf(c.Id).Facilities.Count),
            summary.GetProperty("facilities").EnumerateObject().Sum(kind => kind.Value.GetProperty("total").GetInt32()));
    }

    [Fact]
    public async Task Unknown_district_is_a_404_problem()
    {
        using var response = await twin.Http.GetAsync(new Uri("/api/districts/district:ZZ", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("district:ZZ", problem.GetProperty("id").GetString());
    }

    private async Task<(int City, int District)> FreeBaysAsync(string districtId)
    {
        var city = await twin.GetAsync("/api/city");
        var district = city.GetProperty("byDistrict").EnumerateArray().Single(d => d.GetProperty("id").GetString() == districtId);
        return (city.GetProperty("bays").GetProperty("free").GetInt32(), district.GetProperty("summary").GetProperty("bays").GetProperty("free").GetInt32());
    }

    /// <summary>The counts once earlier tests' pushes have landed: two reads half a second apart agree.</summary>
    private async Task<(int City, int District)> SettledFreeBaysAsync(string districtId)
    {
        var previous = await FreeBaysAsync(districtId);
        for (int i = 0; i < 20; i++)
        {
            await Task.Delay(500);
            var current = await FreeBaysAsync(districtId);
            if (current == previous) return current;
            previous = current;
        }
        return previous;
    }
}
