using System.Globalization;
using SmartCity.Grains.City;
using SmartCity.Grains.Geo;

namespace SmartCity.Simulator.Import;

/// <summary>
/// A lattice of square cells (equal in metres, not in degrees), rows counted from the south and
/// columns from the west. Corners are computed by one formula, so neighbouring cells share their
/// edges exactly and every point of the lattice's interior lies in one cell.
/// </summary>
public sealed class SquareLattice
{
    // One degree of latitude is 111,195 m on the mean-radius sphere (R = 6,371,008.8 m, as GeoPoint uses).
    private const double MetersPerDegreeLat = 6_371_008.8 * Math.PI / 180;

    private SquareLattice(GeoPoint southWest, double cellMeters, int rows, int columns)
    {
        SouthWest = southWest;
        Rows = rows;
        Columns = columns;
        StepLat = cellMeters / MetersPerDegreeLat;
        double middleLat = southWest.Lat + rows * StepLat / 2;
        StepLon = StepLat / Math.Cos(middleLat * Math.PI / 180);
    }

    public GeoPoint SouthWest { get; }

    public int Rows { get; }

    public int Columns { get; }

    public double StepLat { get; }

    public double StepLon { get; }

    /// <summary>A lattice of the given size with <paramref name="centre"/> in its middle.</summary>
    public static SquareLattice Centred(GeoPoint centre, double cellMeters, int rows, int columns)
    {
        double stepLat = cellMeters / MetersPerDegreeLat, stepLon = stepLat / Math.Cos(centre.Lat * Math.PI / 180);
        var southWest = new GeoPoint(centre.Lat - rows * stepLat / 2, centre.Lon - columns * stepLon / 2);
        return new SquareLattice(southWest, cellMeters, rows, columns);
    }

    /// <summary>The smallest lattice covering <paramref name="bounds"/> with at least <paramref name="marginMeters"/> to spare on every side.</summary>
    public static SquareLattice Around(GeoBounds bounds, double cellMeters, double marginMeters)
    {
        var probe = new SquareLattice(new GeoPoint(bounds.MinLat, bounds.MinLon), cellMeters, 1, 1);
        double marginLat = marginMeters / MetersPerDegreeLat;
        double marginLon = marginLat / Math.Cos((bounds.MinLat + bounds.MaxLat) / 2 * Math.PI / 180);
        int rows = (int)Math.Ceiling((bounds.MaxLat - bounds.MinLat + 2 * marginLat) / probe.StepLat);
        var southWest = new GeoPoint(bounds.MinLat - marginLat, bounds.MinLon - marginLon);
        // Columns depend on the longitude step, which depends on the lattice's middle latitude.
        var sized = new SquareLattice(southWest, cellMeters, rows, 1);
        int columns = (int)Math.Ceiling((bounds.MaxLon - bounds.MinLon + 2 * marginLon) / sized.StepLon);
        return new SquareLattice(southWest, cellMeters, rows, columns);
    }

    // Seven decimals is about 1 cm; rounding one corner the same way for every cell keeps shared edges shared.
    public GeoPoint Corner(int row, int column) =>
        new(Math.Round(SouthWest.Lat + row * StepLat, 7), Math.Round(SouthWest.Lon + column * StepLon, 7));

    public GeoPoint Centre(int row, int column) =>
        new(Math.Round(SouthWest.Lat + (row + 0.5) * StepLat, 7), Math.Round(SouthWest.Lon + (column + 0.5) * StepLon, 7));

    /// <summary>Counter-clockwise (south-west, south-east, north-east, north-west) as RFC 7946 §3.1.6 asks.</summary>
    public GeoPolygon Cell(int row, int column) =>
        new([Corner(row, column), Corner(row, column + 1), Corner(row + 1, column + 1), Corner(row + 1, column)]);

    /// <summary>The cell a point falls in by arithmetic; the city's own index decides points on an edge.</summary>
    public (int Row, int Column) CellOf(GeoPoint point) =>
        ((int)Math.Floor((point.Lat - SouthWest.Lat) / StepLat), (int)Math.Floor((point.Lon - SouthWest.Lon) / StepLon));
}

/// <summary>Ranges a synthetic cell's population is drawn from; households, then residents per household, then the migrant share.</summary>
public sealed record SyntheticPopulation(
    int MinHouseholds, int MaxHouseholds, double MinPerHousehold, double MaxPerHousehold, double MinMigrantShare, double MaxMigrantShare)
{
    public (int Households, int Residents, int Migrants) Draw(Random random)
    {
        int households = random.Next(MinHouseholds, MaxHouseholds + 1);
        int residents = (int)Math.Round(households * (MinPerHousehold + (MaxPerHousehold - MinPerHousehold) * random.NextDouble()));
        int migrants = (int)(residents * (MinMigrantShare + (MaxMigrantShare - MinMigrantShare) * random.NextDouble()));
        return (households, Math.Max(1, residents), migrants);
    }
}

/// <summary>A district of a synthetic city: a code for ids ("W", "B1-2") and a name.</summary>
public sealed record SyntheticDistrict(string Code, string Name);

/// <summary>
/// Builds the city a dataset needs around its places: one grid cell per lattice square, each with a
/// grid official who answers to the head of the cell's district. Population figures are drawn from
/// <see cref="SyntheticPopulation"/> with a seeded generator: plausible, repeatable, and invented.
/// </summary>
public static class SyntheticCity
{
    public static CityDefinition Build(
        string name, string timeZoneId, SquareLattice lattice, Func<int, int, SyntheticDistrict> districtOf,
        SyntheticPopulation population, Random random, IReadOnlyList<CarParkDefinition> carParks)
    {
        var districts = new List<SyntheticDistrict>();
        var officials = new List<OfficialDefinition>();
        var cells = new List<GridCellDefinition>();
        for (int row = 0; row < lattice.Rows; row++)
        {
            for (int column = 0; column < lattice.Columns; column++)
            {
                var district = districtOf(row, column);
                if (!districts.Contains(district))
                {
                    districts.Add(district);
                    officials.Add(new OfficialDefinition(HeadOf(district), $"Head of {district.Name} (synthetic)", OfficialRole.DistrictHead, null));
                }
                string code = string.Create(CultureInfo.InvariantCulture, $"{row:00}-{column:00}");
                string officialId = $"official:{code}";
                officials.Add(new OfficialDefinition(officialId, $"Grid official {code} (synthetic)", OfficialRole.GridOfficial, HeadOf(district)));
                var (households, residents, migrants) = population.Draw(random);
                cells.Add(new GridCellDefinition(
                    $"grid:{code}", $"Cell {code}", $"district:{district.Code}", district.Name,
                    households, residents, migrants, officialId, lattice.Cell(row, column)));
            }
        }
        // Heads first, then grid officials, so the file reads top-down like the chain of supervision.
        var ordered = officials.Where(o => o.Role == OfficialRole.DistrictHead).Concat(officials.Where(o => o.Role != OfficialRole.DistrictHead));
        return new CityDefinition(
            name, timeZoneId, [.. districts.Select(d => new DistrictDefinition($"district:{d.Code}", d.Name))],
            cells, [], carParks, [], [.. ordered]);
    }

    /// <summary>Throws when the built city breaks a rule of the city file: that is a bug in the import, not in the data.</summary>
    public static void EnsureValid(CityDefinition city)
    {
        var errors = CityValidator.Validate(city);
        if (errors.Count > 0) throw new InvalidOperationException($"The imported city is not valid: {string.Join("; ", errors)}");
    }

    private static string HeadOf(SyntheticDistrict district) => $"official:{district.Code}-head";
}
