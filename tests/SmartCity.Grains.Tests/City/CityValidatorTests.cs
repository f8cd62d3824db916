using SmartCity.Grains.City;
using SmartCity.Grains.Geo;

namespace SmartCity.Grains.Tests.City;

public sealed class CityValidatorTests
{
    private static readonly CityDefinition Small = SmallCity.Create();

    [Fact]
    public void Sound_city_has_no_errors()
    {
        Assert.Empty(CityValidator.Validate(Small));
    }

    [Fact]
    public void Id_used_twice_is_reported_on_the_second_use()
    {
        var city = Small with { CarParks = [Small.CarParks[0] with { Id = "carpark:XH-01" }, Small.CarParks[0]] };

        var error = Assert.Single(CityValidator.Validate(city));

        Assert.Equal(("carpark:XH-01", "id"), (error.Feature, error.Field));
        Assert.Contains("already", error.Message);
    }

    [Fact]
    public void Grid_cell_whose_official_does_not_exist_is_reported()
    {
        var city = Small with { GridCells = [Small.GridCells[0], Small.GridCells[1] with { OfficialId = "official:XH-G999" }] };

        var error = Assert.Single(CityValidator.Validate(city));

        Assert.Equal(("grid:XH-0002", "properties.official"), (error.Feature, error.Field));
        Assert.Contains("official:XH-G999", error.Message);
    }

    [Fact]
    public void Supervisor_that_does_not_exist_is_reported()
    {
        var city = Small with { Officials = [.. Small.Officials.Take(2), Small.Officials[2] with { SupervisorId = "official:nobody" }] };

        var error = Assert.Single(CityValidator.Validate(city));

        Assert.Equal(("official:XH-G001", "properties.supervisor"), (error.Feature, error.Field));
    }

    [Fact]
    public void Supervision_cycle_is_reported_once_with_its_members()
    {
        var city = Small with { Officials = [Small.Officials[0] with { SupervisorId = "official:XH-G001" }, .. Small.Officials.Skip(1)] };

        var error = Assert.Single(CityValidator.Validate(city));

        Assert.Equal("properties.supervisor", error.Field);
        Assert.Contains("official:XH-D -> official:XH-G001 -> official:XH-C01 -> official:XH-D", error.Message);
    }

    [Fact]
    public void Official_supervising_themself_is_a_cycle()
    {
        var city = Small with { Officials = [Small.Officials[0] with { SupervisorId = "official:XH-D" }, .. Small.Officials.Skip(1)] };

        var error = Assert.Single(CityValidator.Validate(city));

        Assert.Contains("circle", error.Message);
    }

    [Theory]
    [InlineData("deadbeef")]
    [InlineData("0x1F2E")]
    [InlineData("bay:")]
    [InlineData("grid:XH-0001-01")]
    [InlineData("bay:XH 0001")]
    [InlineData("bay:XH+0001")]
    [InlineData("bay:东-0001")]
    public void Id_without_its_kind_prefix_and_plain_characters_is_rejected(string id)
    {
        var city = Small with { ParkingBays = [Small.ParkingBays[0] with { Id = id }] };

        var error = Assert.Single(CityValidator.Validate(city));

        Assert.Equal((id, "id"), (error.Feature, error.Field));
        Assert.Contains("\"bay:\"", error.Message);
    }

    [Fact]
    public void Id_longer_than_a_hundred_characters_is_rejected()
    {
        var city = Small with { ParkingBays = [Small.ParkingBays[0] with { Id = "bay:" + new string('7', 97) }] };

        Assert.Equal("id", Assert.Single(CityValidator.Validate(city)).Field);
    }

    [Fact]
    public void Unknown_time_zone_is_reported()
    {
        var error = Assert.Single(CityValidator.Validate(Small with { TimeZoneId = "Asia/Hangzhou" }));

        Assert.Equal(("file", "timeZone"), (error.Feature, error.Field));
    }

    [Fact]
    public void City_without_grid_cells_is_reported()
    {
        var city = Small with { GridCells = [], ParkingBays = [], CarParks = [], Facilities = [] };

        var error = Assert.Single(CityValidator.Validate(city));

        Assert.Equal(("file", "features"), (error.Feature, error.Field));
    }

    [Theory]
    [InlineData(0, 1, 0, "properties.households")]
    [InlineData(10, 0, 0, "properties.residents")]
    [InlineData(10, 201, 0, "properties.residents")]
    [InlineData(10, 30, 31, "properties.migrants")]
    [InlineData(10, 30, -1, "properties.migrants")]
    public void Implausible_population_is_reported(int households, int residents, int migrants, string field)
    {
        var cell = Small.GridCells[0] with { Households = households, Residents = residents, Migrants = migrants };

        var error = Assert.Single(CityValidator.Validate(Small with { GridCells = [cell, Small.GridCells[1]] }));

        Assert.Equal(("grid:XH-0001", field), (error.Feature, error.Field));
    }

    [Fact]
    public void Car_park_without_room_is_reported_but_an_empty_facility_is_allowed()
    {
        var city = Small with
        {
            CarParks = [Small.CarParks[0] with { Capacity = 0 }],
            Facilities = [Small.Facilities[0] with { Capacity = 0 }],
        };

        var error = Assert.Single(CityValidator.Validate(city));

        Assert.Equal(("carpark:XH-01", "properties.capacity"), (error.Feature, error.Field));
    }

    [Fact]
    public void Polygon_with_fewer_than_three_distinct_corners_is_reported()
    {
        GeoPoint a = new(30.27, 120.16), b = new(30.27, 120.17);
        var cell = Small.GridCells[1] with { Boundary = new GeoPolygon([a, b, b]) };

        var errors = CityValidator.Validate(Small with { GridCells = [Small.GridCells[0], cell] });

        // The car park stood in that cell, so it is now outside every cell as well.
        Assert.Contains(errors, e => e is { Feature: "grid:XH-0002", Field: "geometry.coordinates" });
        Assert.Contains(errors, e => e is { Feature: "carpark:XH-01", Field: "geometry.coordinates" });
    }

    [Fact]
    public void Position_off_the_globe_is_reported()
    {
        var city = Small with { Facilities = [Small.Facilities[0] with { Location = new GeoPoint(120.16, 30.27) }] };

        var error = Assert.Single(CityValidator.Validate(city));

        Assert.Equal(("facility:XH-toilet-001", "geometry.coordinates"), (error.Feature, error.Field));
        Assert.Contains("not a valid", error.Message);
    }
}
