using SmartCity.Grains.City;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Geo;

namespace SmartCity.Grains.Planning;

/// <summary>
/// A snapshot of the city for planning: per grid cell its people, housing, pull and capacities. Built from a city
/// file here; <see cref="LivePlanningSnapshot"/> builds the same cells with the capacities the twin sees now.
/// </summary>
public sealed class PlanningCity
{
    /// <summary>Housing capacity = residents × 1.15 unless a scenario says otherwise (assumption: 15% room, see docs).</summary>
    public const double DefaultHousingHeadroom = 1.15;

    /// <summary>Visits per working day of a service hall whose capacity the city file does not state (assumption).</summary>
    public const int DefaultServiceHallVisitsPerDay = 100;

    /// <summary>Cells whose boundaries come this close are neighbours: a street between them does not separate them.</summary>
    public const double DefaultNeighbourWithinMeters = 50;

    private readonly Dictionary<string, int> _indexById;

    public PlanningCity(string name, IReadOnlyList<PlanningCell> cells)
    {
        ArgumentOutOfRangeException.ThrowIfZero(cells.Count);
        Name = name;
        Cells = cells;
        _indexById = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < cells.Count; i++)
        {
            if (!_indexById.TryAdd(cells[i].Id, i)) throw new ArgumentException($"Grid cell '{cells[i].Id}' appears twice.", nameof(cells));
        }
        NeighbourIndexes = [.. cells.Select(c => c.Neighbours.Select(IndexOf).ToArray())];
        double residents = cells.Sum(c => (double)c.Residents);
        Centre = new GeoPoint(
            cells.Sum(c => c.Centroid.Lat * c.Residents) / residents, cells.Sum(c => c.Centroid.Lon * c.Residents) / residents);
    }

    public string Name { get; }

    public IReadOnlyList<PlanningCell> Cells { get; }

    /// <summary>The residents-weighted mean of the cell centroids: the centre that attractiveness decays from.</summary>
    public GeoPoint Centre { get; }

    internal int[][] NeighbourIndexes { get; }

    public bool Contains(string cellId) => _indexById.ContainsKey(cellId);

    public int IndexOf(string cellId) =>
        _indexById.TryGetValue(cellId, out int index) ? index : throw new KeyNotFoundException($"No grid cell '{cellId}'.");

    /// <summary>The planning snapshot of a city definition: bays, car parks and facilities go to the cell they lie in.</summary>
    public static PlanningCity FromCity(
        CityDefinition city, double housingHeadroom = DefaultHousingHeadroom, double neighbourWithinMeters = DefaultNeighbourWithinMeters)
    {
        var definitions = city.GridCells;
        var geometry = new CellGeometry([.. definitions.Select(c => c.Boundary)]);
        var neighbours = geometry.Neighbours(neighbourWithinMeters);
        var locate = new CellLocator(definitions);
        var parking = new int[definitions.Count];
        var toilets = new int[definitions.Count];
        var facilities = new int[definitions.Count];
        var hallThroughput = new double[definitions.Count];
        foreach (var bay in city.ParkingBays)
        {
            if (locate.CellOf(bay.Location) is int cell) parking[cell]++;
        }
        foreach (var carPark in city.CarParks)
        {
            if (locate.CellOf(carPark.Location) is int cell) parking[cell] += carPark.Capacity;
        }
        foreach (var facility in city.Facilities)
        {
            if (locate.CellOf(facility.Location) is not int cell) continue;
            facilities[cell]++;
            if (facility.Kind == FacilityKind.PublicToilet) toilets[cell]++;
            // The city file's capacity of a service hall is read as visitors served per working day.
            if (facility.Kind == FacilityKind.ServiceHall)
                hallThroughput[cell] += ServiceHallVisitsPerDay(facility.Capacity);
        }
        var cells = new PlanningCell[definitions.Count];
        for (int i = 0; i < cells.Length; i++)
        {
            var c = definitions[i];
            cells[i] = new PlanningCell(
                c.Id, c.DistrictId, c.Community, geometry.Centroid(i), geometry.AreaKm2(i),
                [.. neighbours[i].Select(n => definitions[n].Id)],
                c.Households, c.Residents, c.Migrants, HousingCapacityFor(c.Residents, housingHeadroom),
                Math.Max(1, facilities[i]), toilets[i], parking[i], hallThroughput[i], Officials: 1);
        }
        return new PlanningCity(city.Name, cells);
    }

    /// <summary>A service hall's capacity in the city file is read as visits per working day; none stated is the default.</summary>
    public static double ServiceHallVisitsPerDay(int capacity) => capacity > 0 ? capacity : DefaultServiceHallVisitsPerDay;

    public static int HousingCapacityFor(int residents, double headroom) => (int)Math.Round(residents * headroom);

    /// <summary>Finds the cell a point lies in: box test first, then the polygon; the first cell to claim it wins, as in CityMap.</summary>
    private sealed class CellLocator(IReadOnlyList<GridCellDefinition> cells)
    {
        public int? CellOf(GeoPoint point)
        {
            for (int i = 0; i < cells.Count; i++)
            {
                if (cells[i].Boundary.Contains(point)) return i;
            }
            return null;
        }
    }
}
