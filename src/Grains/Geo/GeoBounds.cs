namespace SmartCity.Grains.Geo;

/// <summary>An axis-aligned latitude/longitude box (no antimeridian crossing: a city never spans it).</summary>
public readonly record struct GeoBounds(double MinLat, double MinLon, double MaxLat, double MaxLon)
{
    public static GeoBounds Around(IEnumerable<GeoPoint> points)
    {
        double minLat = double.MaxValue, minLon = double.MaxValue, maxLat = double.MinValue, maxLon = double.MinValue;
        foreach (var p in points)
        {
            minLat = Math.Min(minLat, p.Lat); maxLat = Math.Max(maxLat, p.Lat);
            minLon = Math.Min(minLon, p.Lon); maxLon = Math.Max(maxLon, p.Lon);
        }
        return new GeoBounds(minLat, minLon, maxLat, maxLon);
    }

    public bool Contains(GeoPoint p) => p.Lat >= MinLat && p.Lat <= MaxLat && p.Lon >= MinLon && p.Lon <= MaxLon;

    public bool Intersects(GeoBounds other) =>
        MinLat <= other.MaxLat && other.MinLat <= MaxLat && MinLon <= other.MaxLon && other.MinLon <= MaxLon;

    public GeoBounds Union(GeoBounds other) => new(
        Math.Min(MinLat, other.MinLat), Math.Min(MinLon, other.MinLon),
        Math.Max(MaxLat, other.MaxLat), Math.Max(MaxLon, other.MaxLon));

    /// <summary>Distance from a point to the nearest point of the box; 0 inside. A lower bound for anything inside.</summary>
    public double DistanceMetersFrom(GeoPoint p)
    {
        var nearest = new GeoPoint(Math.Clamp(p.Lat, MinLat, MaxLat), Math.Clamp(p.Lon, MinLon, MaxLon));
        return p.DistanceMetersTo(nearest);
    }
}
