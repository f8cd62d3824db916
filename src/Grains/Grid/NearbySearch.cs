using SmartCity.Grains.City;
using SmartCity.Grains.Geo;

namespace SmartCity.Grains.Grid;

/// <summary>What an outward search found, and how many cells it had to ask.</summary>
public sealed record NearbyResult<T>(IReadOnlyList<T> Matches, int CellsSearched);

/// <summary>
/// Searches outward from a point: its own cell first, then neighbouring cells nearest first, a few at
/// a time in parallel, and stops once no unvisited cell can hold anything nearer than the matches in
/// hand. A search near one point asks a handful of cells, never the whole city.
/// </summary>
public static class NearbySearch
{
    /// <summary>Cells asked at once: enough to hide call latency, few enough to stop early.</summary>
    public const int CellsPerRound = 6;

    public static async Task<NearbyResult<T>> RunAsync<T>(
        CityMap city,
        GeoPoint point,
        double radiusMeters,
        int limit,
        Func<string, Task<T[]>> askCell,
        Func<T, double> distanceOf)
    {
        var matches = new List<T>();
        int cellsSearched = 0;
        using var cells = city.CellsOutwardFrom(point, radiusMeters).GetEnumerator();
        bool more = cells.MoveNext();
        while (more)
        {
            double cutoff = matches.Count >= limit ? distanceOf(matches[limit - 1]) : double.PositiveInfinity;
            var round = new List<string>(CellsPerRound);
            while (more && round.Count < CellsPerRound && cells.Current.MinDistanceMeters <= cutoff)
            {
                round.Add(cells.Current.Cell.Id);
                more = cells.MoveNext();
            }
            if (round.Count == 0) break;
            cellsSearched += round.Count;
            foreach (var found in await Task.WhenAll(round.Select(askCell))) matches.AddRange(found);
            matches.Sort((a, b) => distanceOf(a).CompareTo(distanceOf(b)));
            if (matches.Count > limit) matches.RemoveRange(limit, matches.Count - limit);
        }
        return new NearbyResult<T>(matches, cellsSearched);
    }
}
