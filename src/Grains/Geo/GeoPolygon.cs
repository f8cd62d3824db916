namespace SmartCity.Grains.Geo;

/// <summary>A simple polygon given by its outer ring (GeoJSON order: lon/lat, closed or not).</summary>
public sealed class GeoPolygon
{
    public GeoPolygon(IReadOnlyList<GeoPoint> ring)
    {
        if (ring.Count >= 2 && ring[0] == ring[^1]) ring = ring.Take(ring.Count - 1).ToArray();
        if (ring.Count < 3) throw new ArgumentException("A polygon needs at least three distinct corners.", nameof(ring));
        Ring = ring;
        Bounds = GeoBounds.Around(ring);
    }

    /// <summary>Corners without the closing repeat of the first one.</summary>
    public IReadOnlyList<GeoPoint> Ring { get; }

    public GeoBounds Bounds { get; }

    public GeoPoint Centroid => new(Ring.Average(p => p.Lat), Ring.Average(p => p.Lon));

    /// <summary>
    /// Even-odd ray casting (W. R. Franklin, "PNPOLY"): a point on the boundary may fall on either
    /// side, which is why the city index breaks such ties by the first cell that claims the point.
    /// </summary>
    public bool Contains(GeoPoint p)
    {
        if (!Bounds.Contains(p)) return false;
        bool inside = false;
        for (int i = 0, j = Ring.Count - 1; i < Ring.Count; j = i++)
        {
            GeoPoint a = Ring[i], b = Ring[j];
            if ((a.Lat > p.Lat) != (b.Lat > p.Lat)
                && p.Lon < (b.Lon - a.Lon) * (p.Lat - a.Lat) / (b.Lat - a.Lat) + a.Lon)
            {
                inside = !inside;
            }
        }
        return inside;
    }
}
