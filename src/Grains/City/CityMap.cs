using SmartCity.Grains.Geo;

namespace SmartCity.Grains.City;

/// <summary>What an id names in the city.</summary>
public enum EntityKind
{
    District,
    GridCell,
    ParkingBay,
    CarPark,
    Facility,
    Official,
}

/// <summary>The bays, car parks and facilities that lie inside one grid cell.</summary>
public sealed record GridCellMembers(
    IReadOnlyList<ParkingBayDefinition> ParkingBays,
    IReadOnlyList<CarParkDefinition> CarParks,
    IReadOnlyList<FacilityDefinition> Facilities);

/// <summary>
/// The static city held in memory by every silo: look-ups by id, the grid cell containing a point,
/// the members and neighbours of each cell. Live state lives in grains; this is the map they share.
/// </summary>
public sealed class CityMap
{
    // Neighbouring cells are those whose boxes come within this distance: it bridges small gaps
    // (a river, a park without cells) so the outward search does not stop at them.
    private const double NeighbourGapMeters = 100;

    private readonly Dictionary<string, EntityKind> _kinds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DistrictDefinition> _districts;
    private readonly Dictionary<string, GridCellDefinition> _cells;
    private readonly Dictionary<string, ParkingBayDefinition> _bays;
    private readonly Dictionary<string, CarParkDefinition> _carParks;
    private readonly Dictionary<string, FacilityDefinition> _facilities;
    private readonly Dictionary<string, OfficialDefinition> _officials;
    private readonly Dictionary<string, string> _cellOfMember = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GridCellMembers> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _neighbours = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _subordinates;
    private readonly SpatialIndex _index;

    /// <summary>Builds the map; the definition must have passed <see cref="CityValidator"/>.</summary>
    public CityMap(CityDefinition definition)
    {
        Definition = definition;
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(definition.TimeZoneId);
        _districts = Index(definition.Districts, d => d.Id, EntityKind.District);
        _cells = Index(definition.GridCells, c => c.Id, EntityKind.GridCell);
        _bays = Index(definition.ParkingBays, b => b.Id, EntityKind.ParkingBay);
        _carParks = Index(definition.CarParks, c => c.Id, EntityKind.CarPark);
        _facilities = Index(definition.Facilities, f => f.Id, EntityKind.Facility);
        _officials = Index(definition.Officials, o => o.Id, EntityKind.Official);
        _index = new SpatialIndex(definition.GridCells);

        var bays = Group(definition.ParkingBays, b => b.Id, b => b.Location);
        var carParks = Group(definition.CarParks, c => c.Id, c => c.Location);
        var facilities = Group(definition.Facilities, f => f.Id, f => f.Location);
        foreach (var cell in definition.GridCells)
        {
            _members[cell.Id] = new GridCellMembers(
                bays.GetValueOrDefault(cell.Id, []), carParks.GetValueOrDefault(cell.Id, []), facilities.GetValueOrDefault(cell.Id, []));
            _neighbours[cell.Id] = _index.CellsNear(cell.Boundary.Bounds, NeighbourGapMeters)
                .Where(other => other.Id != cell.Id).Select(other => other.Id).ToArray();
        }
        CellsByDistrict = definition.GridCells.GroupBy(c => c.DistrictId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(c => c.Id).ToArray(), StringComparer.Ordinal);
        _subordinates = definition.Officials.Where(o => o.SupervisorId is not null).GroupBy(o => o.SupervisorId!)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(o => o.Id).ToArray(), StringComparer.Ordinal);
        GridsByOfficial = definition.GridCells.GroupBy(c => c.OfficialId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(c => c.Id).ToArray(), StringComparer.Ordinal);
    }

    public CityDefinition Definition { get; }

    public TimeZoneInfo TimeZone { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> CellsByDistrict { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> GridsByOfficial { get; }

    /// <summary>The city's wall-clock time for opening hours.</summary>
    public DateTime LocalTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime;

    public EntityKind? KindOf(string id) => _kinds.TryGetValue(id, out var kind) ? kind : null;

    public DistrictDefinition? District(string id) => _districts.GetValueOrDefault(id);

    public GridCellDefinition? GridCell(string id) => _cells.GetValueOrDefault(id);

    public ParkingBayDefinition? ParkingBay(string id) => _bays.GetValueOrDefault(id);

    public CarParkDefinition? CarPark(string id) => _carParks.GetValueOrDefault(id);

    public FacilityDefinition? Facility(string id) => _facilities.GetValueOrDefault(id);

    public OfficialDefinition? Official(string id) => _officials.GetValueOrDefault(id);

    /// <summary>The grid cell that a bay, car park or facility lies in.</summary>
    public string GridCellOf(string memberId) => _cellOfMember[memberId];

    public GridCellMembers MembersOf(string gridCellId) => _members[gridCellId];

    public IReadOnlyList<string> SubordinatesOf(string officialId) => _subordinates.GetValueOrDefault(officialId, []);

    public IReadOnlyList<string> NeighboursOf(string gridCellId) => _neighbours[gridCellId];

    public GridCellDefinition? GridCellContaining(GeoPoint point) => _index.CellContaining(point);

    /// <summary>
    /// Grid cells in the order an outward search meets them: the point's own cell (or the nearest one
    /// when the point lies outside the city), then neighbours of visited cells, nearest box first.
    /// Each comes with the least distance anything inside it can have from the point, so a caller
    /// can stop as soon as that exceeds what it has already found.
    /// </summary>
    public IEnumerable<(GridCellDefinition Cell, double MinDistanceMeters)> CellsOutwardFrom(GeoPoint point, double radiusMeters)
    {
        var start = GridCellContaining(point) ?? _index.NearestCell(point);
        if (start is null) yield break;
        var queue = new PriorityQueue<GridCellDefinition, double>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { start.Id };
        queue.Enqueue(start, start.Boundary.Bounds.DistanceMetersFrom(point));
        while (queue.TryDequeue(out var cell, out double distance))
        {
            if (distance > radiusMeters) yield break;
            yield return (cell, distance);
            foreach (var neighbourId in _neighbours[cell.Id])
            {
                if (!seen.Add(neighbourId)) continue;
                var neighbour = _cells[neighbourId];
                queue.Enqueue(neighbour, neighbour.Boundary.Bounds.DistanceMetersFrom(point));
            }
        }
    }

    private Dictionary<string, T> Index<T>(IEnumerable<T> items, Func<T, string> id, EntityKind kind)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            result.Add(id(item), item);
            _kinds.Add(id(item), kind);
        }
        return result;
    }

    private Dictionary<string, List<T>> Group<T>(IEnumerable<T> items, Func<T, string> id, Func<T, GeoPoint> location)
    {
        var result = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var cell = _index.CellContaining(location(item))
                ?? throw new ArgumentException($"'{id(item)}' lies outside every grid cell.", nameof(items));
            _cellOfMember[id(item)] = cell.Id;
            if (!result.TryGetValue(cell.Id, out var list)) result[cell.Id] = list = [];
            list.Add(item);
        }
        return result;
    }
}
