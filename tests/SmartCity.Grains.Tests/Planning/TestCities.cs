using SmartCity.Grains.City;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Geo;

namespace SmartCity.Grains.Tests.Planning;

/// <summary>Small hand-made cities: square cells of about 335 m × 336 m (0.113 km²) near Hangzhou, laid out in a row.</summary>
internal static class TestCities
{
    private const double SouthLat = 30.25, WestLon = 120.15, StepLat = 0.003, StepLon = 0.0035;

    /// <summary>One cell's people and what stands in it.</summary>
    public sealed record Plot(int Households, int Residents, int Migrants, int Toilets = 0, int Bays = 0, int ServiceHalls = 0);

    /// <summary>Cells west to east, ids "grid:T-01", "grid:T-02", ...; neighbours are the cells either side.</summary>
    public static CityDefinition Row(params Plot[] plots)
    {
        var cells = new List<GridCellDefinition>();
        var officials = new List<OfficialDefinition>();
        var bays = new List<ParkingBayDefinition>();
        var facilities = new List<FacilityDefinition>();
        for (int i = 0; i < plots.Length; i++)
        {
            var plot = plots[i];
            string code = $"T-{i + 1:00}";
            double west = WestLon + i * StepLon;
            var boundary = new GeoPolygon([
                new GeoPoint(SouthLat, west), new GeoPoint(SouthLat, west + StepLon),
                new GeoPoint(SouthLat + StepLat, west + StepLon), new GeoPoint(SouthLat + StepLat, west)]);
            officials.Add(new OfficialDefinition($"official:{code}", $"Official {code}", OfficialRole.GridOfficial, null));
            cells.Add(new GridCellDefinition(
                $"grid:{code}", $"Grid {code}", "district:T", "Test Community", plot.Households, plot.Residents, plot.Migrants,
                $"official:{code}", boundary));
            // Everything stands near the middle of its cell, a metre or so apart.
            GeoPoint Spot(int k) => new(SouthLat + StepLat / 2 + k * 1e-5, west + StepLon / 2);
            for (int k = 0; k < plot.Bays; k++) bays.Add(new ParkingBayDefinition($"bay:{code}-{k:000}", Spot(k), "Test Street"));
            for (int k = 0; k < plot.Toilets; k++)
                facilities.Add(new FacilityDefinition($"facility:{code}-toilet-{k}", "Toilet", FacilityKind.PublicToilet, Spot(-k - 1), 8, OpeningHours.AlwaysOpen, false));
            for (int k = 0; k < plot.ServiceHalls; k++)
                facilities.Add(new FacilityDefinition($"facility:{code}-hall-{k}", "Hall", FacilityKind.ServiceHall, Spot(-k - 20), 120, OpeningHours.AlwaysOpen, false));
        }
        return new CityDefinition("Test town", "Asia/Shanghai", [new DistrictDefinition("district:T", "Test District")],
            cells, bays, [], facilities, officials);
    }

    public static string CellId(int number) => $"grid:T-{number:00}";
}
