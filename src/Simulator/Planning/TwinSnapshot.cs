using System.Text.Json;
using SmartCity.Grains.Geo;
using SmartCity.Grains.Planning;

namespace SmartCity.Simulator.Planning;

/// <summary>The planning snapshot of a running twin, as `scenario run --from-twin` fetches it.</summary>
public static class TwinSnapshot
{
    public const string Path = "/api/planning/snapshot";

    private const double KmPerDegreeLat = 111.32;

    /// <summary>The twin's snapshot, or null with the reason written to <paramref name="error"/>.</summary>
    public static PlanningSnapshot? Fetch(Uri twin, TextWriter error)
    {
        try
        {
            using var http = TwinCredential.Attach(new HttpClient { BaseAddress = twin, Timeout = TimeSpan.FromMinutes(1) });
            // The command is synchronous end to end (progress bar, summary); one blocking fetch at its start is all it waits on.
            string json = http.GetStringAsync(new Uri(Path, UriKind.Relative)).GetAwaiter().GetResult();
            return Parse(json);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or ArgumentException or KeyNotFoundException)
        {
            error.WriteLine($"scenario: --from-twin {twin}: no usable planning snapshot at {Path}: {e.Message}");
            return null;
        }
    }

    /// <summary>The snapshot in the JSON the twin writes; a city that cannot be planned on throws ArgumentException.</summary>
    public static PlanningSnapshot Parse(string json)
    {
        var snapshot = PlanningSnapshot.Read(json);
        _ = snapshot.ToPlanningCity();
        return snapshot;
    }

    /// <summary>
    /// Cell outlines for the gap-year map: a snapshot holds no boundaries, so each cell is drawn as a square of its own
    /// area around its centroid.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<GeoPoint>> OutlinesOf(PlanningCity city) =>
        city.Cells.ToDictionary(c => c.Id, c => Square(c.Centroid, c.AreaKm2), StringComparer.Ordinal);

    private static IReadOnlyList<GeoPoint> Square(GeoPoint centre, double areaKm2)
    {
        double halfKm = Math.Sqrt(Math.Max(areaKm2, 1e-6)) / 2;
        double dLat = halfKm / KmPerDegreeLat, dLon = halfKm / (KmPerDegreeLat * Math.Cos(centre.Lat * Math.PI / 180));
        return [
            new(centre.Lat - dLat, centre.Lon - dLon), new(centre.Lat - dLat, centre.Lon + dLon),
            new(centre.Lat + dLat, centre.Lon + dLon), new(centre.Lat + dLat, centre.Lon - dLon)];
    }
}
