using SmartCity.Grains.Geo;

namespace SmartCity.Grains.City;

/// <summary>
/// A uniform bucket grid over the city's extent: each bucket lists the cells whose box overlaps it,
/// so finding the cell of a point tests a handful of polygons instead of all of them.
/// </summary>
internal sealed class SpatialIndex
{
    private readonly IReadOnlyList<GridCellDefinition> _cells;
    private readonly GeoBounds _extent;
    private readonly double _bucketLat, _bucketLon;
    private readonly int _rows, _columns;
    private readonly List<GridCellDefinition>[] _buckets;

    public SpatialIndex(IReadOnlyList<GridCellDefinition> cells)
    {
        _cells = cells;
        if (cells.Count == 0)
        {
            _buckets = [];
            return;
        }
        _extent = cells.Select(c => c.Boundary.Bounds).Aggregate((a, b) => a.Union(b));
        // About one cell per bucket: the average cell box sets the bucket size.
        _bucketLat = Math.Max(1e-6, cells.Average(c => c.Boundary.Bounds.MaxLat - c.Boundary.Bounds.MinLat));
        _bucketLon = Math.Max(1e-6, cells.Average(c => c.Boundary.Bounds.MaxLon - c.Boundary.Bounds.MinLon));
        _rows = Math.Max(1, (int)Math.Ceiling((_extent.MaxLat - _extent.MinLat) / _bucketLat));
        _columns = Math.Max(1, (int)Math.Ceiling((_extent.MaxLon - _extent.MinLon) / _bucketLon));
        _buckets = new List<GridCellDefinition>[_rows * _columns];
        foreach (var cell in cells)
        {
            var b = cell.Boundary.Bounds;
            for (int row = Row(b.MinLat); row <= Row(b.MaxLat); row++)
                for (int column = Column(b.MinLon); column <= Column(b.MaxLon); column++)
                    (_buckets[row * _columns + column] ??= []).Add(cell);
        }
    }

    public GridCellDefinition? CellContaining(GeoPoint point)
    {
        if (_buckets.Length == 0 || !_extent.Contains(point)) return null;
        var bucket = _buckets[Row(point.Lat) * _columns + Column(point.Lon)];
        return bucket?.FirstOrDefault(cell => cell.Boundary.Contains(point));
    }

    /// <summary>Cells whose box lies within the gap of the given box.</summary>
    public IEnumerable<GridCellDefinition> CellsNear(GeoBounds bounds, double gapMeters)
    {
        // Degrees per metre: 1/111,320 for latitude; longitude shrinks with cos(latitude).
        double padLat = gapMeters / 111_320.0;
        double padLon = padLat / Math.Max(0.01, Math.Cos(bounds.MinLat * Math.PI / 180));
        var padded = new GeoBounds(bounds.MinLat - padLat, bounds.MinLon - padLon, bounds.MaxLat + padLat, bounds.MaxLon + padLon);
        var found = new HashSet<GridCellDefinition>(ReferenceEqualityComparer.Instance);
        for (int row = Row(padded.MinLat); row <= Row(padded.MaxLat); row++)
            for (int column = Column(padded.MinLon); column <= Column(padded.MaxLon); column++)
                foreach (var cell in _buckets[row * _columns + column] ?? [])
                    if (cell.Boundary.Bounds.Intersects(padded) && found.Add(cell)) yield return cell;
    }

    /// <summary>The cell whose box is nearest to a point outside the city (a scan of the in-memory map only).</summary>
    public GridCellDefinition? NearestCell(GeoPoint point) =>
        _cells.MinBy(cell => cell.Boundary.Bounds.DistanceMetersFrom(point));

    private int Row(double lat) => Math.Clamp((int)((lat - _extent.MinLat) / _bucketLat), 0, _rows - 1);

    private int Column(double lon) => Math.Clamp((int)((lon - _extent.MinLon) / _bucketLon), 0, _columns - 1);
}
