using System.Text;
using System.Text.Json.Nodes;
using SmartCity.Grains.City;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Geo;

namespace SmartCity.Grains.Tests.City;

/// <summary>A two-cell city that passes validation, for tests to break one thing at a time.</summary>
internal static class SmallCity
{
    public static readonly GeoPolygon WestCell = Square(30.270, 120.160);
    public static readonly GeoPolygon EastCell = Square(30.270, 120.1635);

    public static CityDefinition Create() => new(
        "Small town",
        "Asia/Shanghai",
        [new DistrictDefinition("district:XH", "Xihu")],
        [
            new GridCellDefinition("grid:XH-0001", "Cuiyuan Grid 1", "district:XH", "Cuiyuan Community", 300, 800, 120, "official:XH-G001", WestCell),
            new GridCellDefinition("grid:XH-0002", "Cuiyuan Grid 2", "district:XH", "Cuiyuan Community", 250, 600, 90, "official:XH-G001", EastCell),
        ],
        [new ParkingBayDefinition("bay:XH-0001-01", new GeoPoint(30.2701, 120.1610), "Wensan Road")],
        [new CarParkDefinition("carpark:XH-01", "Cuiyuan Car Park 1", new GeoPoint(30.2715, 120.1650), 250)],
        [new FacilityDefinition("facility:XH-toilet-001", "Cuiyuan Public Toilet 1", FacilityKind.PublicToilet,
            new GeoPoint(30.2712, 120.1612), 8, OpeningHours.Parse("Mo-Su 06:00-22:00"), true)],
        [
            new OfficialDefinition("official:XH-D", "Wang Fang", OfficialRole.DistrictHead, null),
            new OfficialDefinition("official:XH-C01", "Li Wei", OfficialRole.CommunityHead, "official:XH-D"),
            new OfficialDefinition("official:XH-G001", "Zhang Min", OfficialRole.GridOfficial, "official:XH-C01"),
        ]);

    /// <summary>A square about 330 m across with its south-west corner at the given point.</summary>
    public static GeoPolygon Square(double southLat, double westLon) => new(
    [
        new GeoPoint(southLat, westLon), new GeoPoint(southLat, westLon + 0.0035),
        new GeoPoint(southLat + 0.003, westLon + 0.0035), new GeoPoint(southLat + 0.003, westLon),
    ]);

    public static string ToJson(CityDefinition city)
    {
        using var stream = new MemoryStream();
        CityFile.Write(city, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static CityDefinition FromJson(string json) => CityFile.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    /// <summary>The small city's file with one feature changed, as a person editing it by hand might.</summary>
    public static string JsonWith(string featureId, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(ToJson(Create()))!.AsObject();
        var feature = root["features"]!.AsArray().Single(f => (string?)f!["id"] == featureId)!.AsObject();
        edit(feature);
        return root.ToJsonString();
    }

    public static CityFileException ReadFails(string json) => Assert.Throws<CityFileException>(() => FromJson(json));
}
