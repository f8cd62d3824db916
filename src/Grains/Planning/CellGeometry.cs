using SmartCity.Grains.Geo;

namespace SmartCity.Grains.Planning;

/// <summary>
/// Plane geometry of grid-cell polygons: area, centroid and which cells neighbour each other. Polygons are projected
/// onto a local equirectangular plane around the city's middle (x = R·Δλ·cos φ0, y = R·Δφ); over a city's few
/// kilometres the scale error is far below 0.1%.
/// </summary>
public sealed class CellGeometry
{
    // Mean Earth radius R1 (IUGG; Moritz 2000), as GeoPoint uses.
    private const double EarthRadiusMeters = 6_371_008.8;

    private readonly double _originLat, _originLon, _metersPerDegreeLat, _metersPerDegreeLon;
    private readonly (double X, double Y)[][] _rings;

    public CellGeometry(IReadOnlyList<GeoPolygon> polygons)
    {
        ArgumentOutOfRangeException.ThrowIfZero(polygons.Count);
        var extent = polygons.Select(p => p.Bounds).Aggregate((a, b) => a.Union(b));
        _originLat = (extent.MinLat + extent.MaxLat) / 2;
        _originLon = (extent.MinLon + extent.MaxLon) / 2;
        _metersPerDegreeLat = EarthRadiusMeters * Math.PI / 180;
        _metersPerDegreeLon = _metersPerDegreeLat * Math.Cos(_originLat * Math.PI / 180);
        _rings = [.. polygons.Select(p => p.Ring.Select(Project).ToArray())];
    }

    /// <summary>Area in km² by the shoelace formula.</summary>
    public double AreaKm2(int cell) => Math.Abs(SignedArea(_rings[cell])) / 1e6;

    /// <summary>The area centroid (not the mean of the corners, which leans towards densely cornered sides).</summary>
    public GeoPoint Centroid(int cell)
    {
        var ring = _rings[cell];
        double area = SignedArea(ring), x = 0, y = 0;
        if (Math.Abs(area) < 1e-9) return Unproject(ring.Average(p => p.X), ring.Average(p => p.Y));
        for (int i = 0, j = ring.Length - 1; i < ring.Length; j = i++)
        {
            double cross = ring[j].X * ring[i].Y - ring[i].X * ring[j].Y;
            x += (ring[j].X + ring[i].X) * cross;
            y += (ring[j].Y + ring[i].Y) * cross;
        }
        return Unproject(x / (6 * area), y / (6 * area));
    }

    /// <summary>
    /// For each cell, the cells whose boundary comes within <paramref name="withinMeters"/> of its own: those sharing
    /// an edge or a corner (distance 0) and those across a narrow gap such as a street or a canal.
    /// </summary>
    public int[][] Neighbours(double withinMeters)
    {
        var boxes = _rings.Select(r => (MinX: r.Min(p => p.X), MinY: r.Min(p => p.Y), MaxX: r.Max(p => p.X), MaxY: r.Max(p => p.Y))).ToArray();
        var neighbours = Enumerable.Range(0, _rings.Length).Select(_ => new List<int>()).ToArray();
        for (int a = 0; a < _rings.Length; a++)
        {
            for (int b = a + 1; b < _rings.Length; b++)
            {
                if (boxes[b].MinX - boxes[a].MaxX > withinMeters || boxes[a].MinX - boxes[b].MaxX > withinMeters
                    || boxes[b].MinY - boxes[a].MaxY > withinMeters || boxes[a].MinY - boxes[b].MaxY > withinMeters) continue;
                if (BoundaryDistance(_rings[a], _rings[b]) > withinMeters) continue;
                neighbours[a].Add(b);
                neighbours[b].Add(a);
            }
        }
        return [.. neighbours.Select(n => n.ToArray())];
    }

    /// <summary>Distance in metres between two points, on the same plane.</summary>
    public double DistanceMeters(GeoPoint from, GeoPoint to)
    {
        var (x1, y1) = Project(from);
        var (x2, y2) = Project(to);
        return Math.Sqrt((x1 - x2) * (x1 - x2) + (y1 - y2) * (y1 - y2));
    }

    private (double X, double Y) Project(GeoPoint p) =>
        ((p.Lon - _originLon) * _metersPerDegreeLon, (p.Lat - _originLat) * _metersPerDegreeLat);

    private GeoPoint Unproject(double x, double y) => new(_originLat + y / _metersPerDegreeLat, _originLon + x / _metersPerDegreeLon);

    private static double SignedArea((double X, double Y)[] ring)
    {
        double twice = 0;
        for (int i = 0, j = ring.Length - 1; i < ring.Length; j = i++) twice += ring[j].X * ring[i].Y - ring[i].X * ring[j].Y;
        return twice / 2;
    }

    /// <summary>The least distance between the two boundaries: every corner of one against every edge of the other.</summary>
    private static double BoundaryDistance((double X, double Y)[] a, (double X, double Y)[] b) =>
        Math.Min(CornersToEdges(a, b), CornersToEdges(b, a));

    private static double CornersToEdges((double X, double Y)[] corners, (double X, double Y)[] ring)
    {
        double least = double.MaxValue;
        foreach (var p in corners)
        {
            for (int i = 0, j = ring.Length - 1; i < ring.Length; j = i++)
            {
                least = Math.Min(least, PointToSegment(p, ring[j], ring[i]));
            }
        }
        return least;
    }

    private static double PointToSegment((double X, double Y) p, (double X, double Y) a, (double X, double Y) b)
    {
        double dx = b.X - a.X, dy = b.Y - a.Y, lengthSquared = dx * dx + dy * dy;
        double t = lengthSquared == 0 ? 0 : Math.Clamp(((p.X - a.X) * dx + (p.Y - a.Y) * dy) / lengthSquared, 0, 1);
        double ex = a.X + t * dx - p.X, ey = a.Y + t * dy - p.Y;
        return Math.Sqrt(ex * ex + ey * ey);
    }
}
