using System.Text;
using System.Text.Json.Nodes;
using SmartCity.Grains.City;

namespace SmartCity.Grains.Tests.City;

public sealed class CityFileTests
{
    private static readonly CityDefinition DemoCity = DemoCityGenerator.Generate();

    [Fact]
    public void Demo_city_reads_back_as_written()
    {
        string json = SmallCity.ToJson(DemoCity);

        var read = SmallCity.FromJson(json);

        Assert.Equal((DemoCity.Name, DemoCity.TimeZoneId), (read.Name, read.TimeZoneId));
        Assert.Equal(DemoCity.Districts, read.Districts);
        Assert.Equal(DemoCity.Officials, read.Officials);
        Assert.Equal(DemoCity.ParkingBays, read.ParkingBays);
        Assert.Equal(DemoCity.CarParks, read.CarParks);
        Assert.Equal(DemoCity.GridCells.Count, read.GridCells.Count);
        Assert.Equal(DemoCity.Facilities.Count, read.Facilities.Count);
        foreach (int i in new[] { 0, 123, DemoCity.GridCells.Count - 1 })
        {
            var (expected, actual) = (DemoCity.GridCells[i], read.GridCells[i]);
            Assert.Equal(expected with { Boundary = actual.Boundary }, actual);
            Assert.Equal(expected.Boundary.Ring, actual.Boundary.Ring);
        }
        foreach (int i in new[] { 0, 300, DemoCity.Facilities.Count - 1 })
        {
            var (expected, actual) = (DemoCity.Facilities[i], read.Facilities[i]);
            Assert.Equal(expected with { OpeningHours = actual.OpeningHours }, actual);
            Assert.Equal(expected.OpeningHours.Text, actual.OpeningHours.Text);
        }
        Assert.Equal(json, SmallCity.ToJson(read));
    }

    [Fact]
    public void Each_feature_is_written_on_its_own_line()
    {
        string[] lines = SmallCity.ToJson(SmallCity.Create()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.StartsWith("{\"type\":\"FeatureCollection\",\"name\":\"Small town\",\"timeZone\":\"Asia/Shanghai\"", lines[0]);
        Assert.Contains(lines, line => line.StartsWith("{\"type\":\"Feature\",\"id\":\"bay:XH-0001-01\"", StringComparison.Ordinal));
        Assert.Equal(1 + 9 + 1, lines.Length);
    }

    [Fact]
    public void Negative_capacity_names_the_car_park_and_the_field()
    {
        string json = SmallCity.JsonWith("carpark:XH-01", f => f["properties"]!["capacity"] = -5);

        var error = Assert.Single(SmallCity.ReadFails(json).Errors);

        Assert.Equal("features[6] (carpark:XH-01)", error.Feature);
        Assert.Equal("properties.capacity", error.Field);
    }

    [Fact]
    public void Capacity_that_is_not_a_whole_number_names_the_facility_and_the_field()
    {
        string json = SmallCity.JsonWith("facility:XH-toilet-001", f => f["properties"]!["capacity"] = "lots");

        var error = Assert.Single(SmallCity.ReadFails(json).Errors);

        Assert.Contains("facility:XH-toilet-001", error.Feature);
        Assert.Equal("properties.capacity", error.Field);
        Assert.Contains("\"lots\"", error.Message);
    }

    [Fact]
    public void Malformed_json_gives_an_error_with_its_line()
    {
        string json = "{\n  \"type\": \"FeatureCollection\",\n  \"features\": [ { \"type\": } ]\n}";

        var failure = SmallCity.ReadFails(json);

        var error = Assert.Single(failure.Errors);
        Assert.Equal("file", error.Feature);
        Assert.Contains("line 3", error.Message);
        Assert.Contains("line 3", failure.Message);
    }

    [Fact]
    public void Text_that_is_not_a_feature_collection_gives_an_error()
    {
        var error = Assert.Single(SmallCity.ReadFails("[1, 2, 3]").Errors);

        Assert.Equal("file", error.Feature);
    }

    [Fact]
    public void Unknown_kind_is_reported_with_the_kinds_that_exist()
    {
        string json = SmallCity.JsonWith("bay:XH-0001-01", f => f["properties"]!["kind"] = "bicycleRack");

        var error = Assert.Single(SmallCity.ReadFails(json).Errors);

        Assert.Equal("features[8] (bay:XH-0001-01)", error.Feature);
        Assert.Equal("properties.kind", error.Field);
        Assert.Contains("parkingBay", error.Message);
    }

    [Fact]
    public void Missing_required_property_is_reported()
    {
        string json = SmallCity.JsonWith("bay:XH-0001-01", f => f["properties"]!.AsObject().Remove("street"));

        var error = Assert.Single(SmallCity.ReadFails(json).Errors);

        Assert.Equal(("features[8] (bay:XH-0001-01)", "properties.street"), (error.Feature, error.Field));
    }

    [Fact]
    public void Missing_id_is_reported_by_position()
    {
        string json = SmallCity.JsonWith("bay:XH-0001-01", f => f.Remove("id"));

        var error = Assert.Single(SmallCity.ReadFails(json).Errors);

        Assert.Equal(("features[8]", "id"), (error.Feature, error.Field));
    }

    [Fact]
    public void Bay_outside_every_cell_is_named_in_the_error()
    {
        string json = SmallCity.JsonWith("bay:XH-0001-01", f => f["geometry"]!["coordinates"] = new JsonArray(121.47, 31.23));

        var error = Assert.Single(SmallCity.ReadFails(json).Errors);

        Assert.Equal("features[8] (bay:XH-0001-01)", error.Feature);
        Assert.Equal("geometry.coordinates", error.Field);
        Assert.Contains("latitude 31.23, longitude 121.47", error.Message);
        Assert.Contains("outside every grid cell", error.Message);
    }

    [Fact]
    public void Every_problem_in_a_file_is_reported_not_just_the_first()
    {
        var root = JsonNode.Parse(SmallCity.ToJson(SmallCity.Create()))!;
        foreach (var feature in root["features"]!.AsArray()) feature!["properties"]!["name"] = 42;

        var errors = SmallCity.ReadFails(root.ToJsonString()).Errors;

        // Every feature has a name except the bay, which has a street instead.
        Assert.Equal(8, errors.Count);
        Assert.All(errors, e => Assert.Equal("properties.name", e.Field));
    }

    [Fact]
    public void Polygon_with_too_few_corners_is_reported()
    {
        string json = SmallCity.JsonWith("grid:XH-0002", f =>
            f["geometry"]!["coordinates"] = new JsonArray(new JsonArray(new JsonArray(120.16, 30.27), new JsonArray(120.17, 30.27))));

        var error = Assert.Single(SmallCity.ReadFails(json).Errors);

        Assert.Equal(("features[5] (grid:XH-0002)", "geometry.coordinates"), (error.Feature, error.Field));
    }

    [Fact]
    public void Invalid_opening_hours_are_reported_with_the_reason()
    {
        string json = SmallCity.JsonWith("facility:XH-toilet-001", f => f["properties"]!["openingHours"] = "Mo-Fr 8-17");

        var error = Assert.Single(SmallCity.ReadFails(json).Errors);

        Assert.Equal("properties.openingHours", error.Field);
        Assert.Contains("8-17", error.Message);
    }

    [Fact]
    public void File_with_a_byte_order_mark_is_read()
    {
        byte[] json = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(SmallCity.ToJson(SmallCity.Create()))];

        var city = CityFile.Read(new MemoryStream(json));

        Assert.Equal("Small town", city.Name);
    }
}
