using System.Collections.Concurrent;
using SmartCity.Grains.City;
using SmartCity.Grains.Geo;
using SmartCity.Grains.Grid;

namespace SmartCity.Grains.Tests.Grid;

public sealed class NearbySearchTests
{
    private static CityMap City => TestCity.Map;

    /// <summary>The city centre, well inside one cell.</summary>
    private static readonly GeoPoint Centre = new(30.27, 120.16);

    private sealed record Found(string Id, double DistanceMeters);

    /// <summary>Stands in for the grid cells: every bay of the city is free; records which cells were asked.</summary>
    private sealed class FakeCells
    {
        private readonly ConcurrentQueue<string> _asked = new();

        public bool Empty { get; init; }

        public IReadOnlyList<string> Asked => [.. _asked];

        public Task<NearbyResult<Found>> SearchAsync(GeoPoint point, double radiusMeters, int limit) =>
            NearbySearch.RunAsync(City, point, radiusMeters, limit, cellId => Ask(cellId, point, radiusMeters, limit), f => f.DistanceMeters);

        private Task<Found[]> Ask(string cellId, GeoPoint point, double radiusMeters, int limit)
        {
            _asked.Enqueue(cellId);
            if (Empty) return Task.FromResult(Array.Empty<Found>());
            return Task.FromResult(NearestBays(City.MembersOf(cellId).ParkingBays, point, radiusMeters, limit));
        }
    }

    private static Found[] NearestBays(IEnumerable<ParkingBayDefinition> bays, GeoPoint point, double radiusMeters, int limit) =>
    [
        .. bays.Select(b => new Found(b.Id, point.DistanceMetersTo(b.Location)))
            .Where(f => f.DistanceMeters <= radiusMeters)
            .OrderBy(f => f.DistanceMeters)
            .Take(limit),
    ];

    private static double BoxDistance(string cellId, GeoPoint point) => City.GridCell(cellId)!.Boundary.Bounds.DistanceMetersFrom(point);

    [Fact]
    public void Centre_of_the_city_lies_inside_a_cell()
    {
        Assert.NotNull(City.GridCellContaining(Centre));
    }

    [Fact]
    public async Task Search_for_the_nearest_bay_stops_after_a_few_cells()
    {
        var cells = new FakeCells();

        var result = await cells.SearchAsync(Centre, radiusMeters: 1000, limit: 1);

        var nearest = NearestBays(City.Definition.ParkingBays, Centre, 1000, 1).Single();
        Assert.Equal(nearest, Assert.Single(result.Matches));
        Assert.InRange(cells.Asked.Count, 1, 19);
        Assert.Equal(cells.Asked.Count, result.CellsSearched);
    }

    [Fact]
    public async Task Search_with_nothing_to_find_asks_every_cell_within_the_radius_and_no_other()
    {
        var cells = new FakeCells { Empty = true };

        var result = await cells.SearchAsync(Centre, radiusMeters: 1000, limit: 1);

        var withinRadius = City.Definition.GridCells.Where(c => BoxDistance(c.Id, Centre) <= 1000).Select(c => c.Id);
        Assert.Empty(result.Matches);
        Assert.Equal(withinRadius.Order(StringComparer.Ordinal), cells.Asked.Order(StringComparer.Ordinal));
        Assert.True(cells.Asked.Count > 20, $"asked {cells.Asked.Count} cells");
    }

    [Fact]
    public async Task Search_starts_with_the_cell_containing_the_point()
    {
        var cells = new FakeCells();

        await cells.SearchAsync(Centre, radiusMeters: 500, limit: 1);

        Assert.Equal(City.GridCellContaining(Centre)!.Id, cells.Asked[0]);
    }

    [Fact]
    public async Task Matches_are_the_nearest_in_the_city_nearest_first()
    {
        var cells = new FakeCells();

        var result = await cells.SearchAsync(Centre, radiusMeters: 2000, limit: 25);

        Assert.Equal(NearestBays(City.Definition.ParkingBays, Centre, 2000, 25), result.Matches);
        Assert.Equal(result.Matches.OrderBy(m => m.DistanceMeters), result.Matches);
    }

    [Fact]
    public async Task Matches_lie_within_the_radius()
    {
        var cells = new FakeCells();

        var result = await cells.SearchAsync(Centre, radiusMeters: 120, limit: 100);

        Assert.NotEmpty(result.Matches);
        Assert.All(result.Matches, m => Assert.InRange(m.DistanceMeters, 0, 120));
        Assert.Equal(NearestBays(City.Definition.ParkingBays, Centre, 120, 100), result.Matches);
    }

    [Fact]
    public async Task Point_outside_the_city_starts_from_the_nearest_cell()
    {
        // 150 m south of the southernmost corner of the city, below the middle of its southern edge.
        double south = City.Definition.GridCells.Min(c => c.Boundary.Bounds.MinLat);
        var outside = new GeoPoint(south - 150 / 111_320.0, Centre.Lon);
        var nearestCell = City.Definition.GridCells.MinBy(c => BoxDistance(c.Id, outside))!;
        var cells = new FakeCells();

        var result = await cells.SearchAsync(outside, radiusMeters: 600, limit: 3);

        Assert.Null(City.GridCellContaining(outside));
        Assert.Equal(nearestCell.Id, cells.Asked[0]);
        Assert.Equal(NearestBays(City.Definition.ParkingBays, outside, 600, 3), result.Matches);
    }
}
