namespace SmartCity.Grains.Geo;

/// <summary>A WGS84 position in decimal degrees.</summary>
[GenerateSerializer, Immutable, Alias("GeoPoint")]
public readonly record struct GeoPoint([property: Id(0)] double Lat, [property: Id(1)] double Lon)
{
    // Mean Earth radius R1 = 6,371,008.8 m (IUGG, Moritz 2000, "Geodetic Reference System 1980").
    private const double EarthRadiusMeters = 6_371_008.8;

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsValid =>
        double.IsFinite(Lat) && double.IsFinite(Lon) && Lat is >= -90 and <= 90 && Lon is >= -180 and <= 180;

    /// <summary>Great-circle distance by the haversine formula; accurate to ~0.5% for city distances.</summary>
    public double DistanceMetersTo(GeoPoint other)
    {
        double lat1 = DegreesToRadians(Lat), lat2 = DegreesToRadians(other.Lat);
        double deltaLat = lat2 - lat1, deltaLon = DegreesToRadians(other.Lon - Lon);
        double h = Math.Sin(deltaLat / 2) * Math.Sin(deltaLat / 2)
                 + Math.Cos(lat1) * Math.Cos(lat2) * Math.Sin(deltaLon / 2) * Math.Sin(deltaLon / 2);
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    private static double DegreesToRadians(double degrees) => degrees * Math.PI / 180;
}
