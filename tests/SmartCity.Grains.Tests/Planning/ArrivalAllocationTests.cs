using SmartCity.Grains.Planning;

namespace SmartCity.Grains.Tests.Planning;

/// <summary>Four cells in a row (0-1-2-3), 100 places each; cell 0 is full and by far the most attractive.</summary>
public sealed class ArrivalAllocationTests
{
    private static readonly int[][] Row = [[1], [0, 2], [1, 3], [2]];
    private static readonly int[] Capacity = [100, 100, 100, 100];
    private static readonly double[] CellZeroFirst = [1000, 1, 1, 0.001];

    [Fact]
    public void A_full_cell_sends_the_arrivals_who_chose_it_to_its_neighbour()
    {
        int[] residents = [100, 0, 0, 0], placed = new int[4];

        int unplaced = new ArrivalAllocation(Row, Capacity).Place(new RunRandom(1, 0), 50, CellZeroFirst, residents, placed);

        Assert.Equal(0, unplaced);
        Assert.Equal(100, residents[0]);
        Assert.Equal(0, placed[0]);
        // Nearly all 50 chose cell 0 (weight 1000 of 1002); its only neighbour, cell 1, takes them.
        Assert.InRange(residents[1], 48, 50);
        Assert.Equal(50, placed.Sum());
    }

    [Fact]
    public void What_the_neighbours_cannot_take_goes_to_the_next_best_cells_and_nobody_is_placed_above_capacity()
    {
        int[] residents = [100, 0, 0, 0], placed = new int[4];

        int unplaced = new ArrivalAllocation(Row, Capacity).Place(new RunRandom(1, 0), 250, CellZeroFirst, residents, placed);

        Assert.Equal(0, unplaced);
        // Cell 1 fills; the rest goes by attractiveness: cell 2 (weight 1) fills before cell 3 (weight 0.001) gets the remainder.
        Assert.Equal([100, 100, 100, 50], residents);
    }

    [Fact]
    public void When_the_whole_city_is_full_the_rest_are_reported_unplaced()
    {
        int[] residents = [100, 30, 0, 70], placed = new int[4];

        int unplaced = new ArrivalAllocation(Row, Capacity).Place(new RunRandom(1, 0), 500, CellZeroFirst, residents, placed);

        Assert.Equal([100, 100, 100, 100], residents);
        Assert.Equal(500 - 200, unplaced);
    }

    [Fact]
    public void Without_crowding_arrivals_spread_in_proportion_to_attractiveness()
    {
        int[] capacity = [1_000_000, 1_000_000], residents = [0, 0], placed = new int[2];

        new ArrivalAllocation([[1], [0]], capacity).Place(new RunRandom(3, 0), 100_000, [3, 1], residents, placed);

        Assert.InRange(residents[0], 74_500, 75_500);
        Assert.Equal(100_000, residents.Sum());
    }

    [Fact]
    public void In_a_full_simulation_no_cell_ever_holds_more_than_its_housing()
    {
        var city = PlanningCity.FromCity(TestCities.Row(
            new(400, 1000, 100), new(400, 1000, 100), new(400, 1000, 100), new(400, 1000, 100)));
        var scenario = new Scenario
        {
            Name = "crowded", StartYear = 2030, Years = 10, Runs = 5, Seed = 11,
            Migration = new MigrationInput { NationalInflowPerYear = 1_000_000, CityShare = 0.0005, DepartureRate = 0.05, ReturnRate = 0.5 },
            Housing = new HousingInput { Headroom = 1.5 },
        };
        Assert.Empty(ScenarioValidator.Validate(scenario, city, 2026));
        var model = new MonteCarlo(scenario, city);

        var runs = model.RunBatch(0, scenario.Runs);

        foreach (var run in runs)
        {
            for (int k = 0; k < run.Residents.Length; k++) Assert.InRange(run.Residents[k], 0, model.Timeline.HousingCapacityOf(k % 4));
        }
        // 500 arrivals a year into 2,000 free places: the city is full after about four years and people go unplaced.
        Assert.All(runs, run => Assert.True(run.Flows[^1].Unplaced > 0));
        Assert.All(runs, run => Assert.Equal(6000, run.Residents[^4..].Sum()));
    }
}
