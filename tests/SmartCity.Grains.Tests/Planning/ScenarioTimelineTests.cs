using SmartCity.Grains.Planning;

namespace SmartCity.Grains.Tests.Planning;

/// <summary>What a scenario fixes without chance: capacities shared over catchments, and the levers year by year.</summary>
public sealed class ScenarioTimelineTests
{
    // Three cells in a row of one community: 1,000, 1,000 and 2,000 residents; two toilets and a hall in the first.
    private static readonly PlanningCity City = PlanningCity.FromCity(TestCities.Row(
        new TestCities.Plot(400, 1000, 100, Toilets: 2, ServiceHalls: 1), new TestCities.Plot(400, 1000, 100), new TestCities.Plot(800, 2000, 100)));

    private static readonly Scenario Base = new() { Name = "levers", StartYear = 2030, Years = 5, Runs = 1, Migration = new MigrationInput { CityShare = 0.0001 } };

    [Fact]
    public void A_toilet_serves_its_own_and_the_neighbouring_cells_by_their_residents()
    {
        var timeline = Build(Base);

        // The two toilets of cell 1 serve cells 1 and 2 (1,000 residents each); cell 3 is not next to cell 1.
        Assert.Equal(1, timeline.Capacity(Need.PublicToilets, 0, 0), 9);
        Assert.Equal(1, timeline.Capacity(Need.PublicToilets, 0, 1), 9);
        Assert.Equal(0, timeline.Capacity(Need.PublicToilets, 0, 2), 9);
    }

    [Fact]
    public void A_service_hall_serves_its_whole_community_by_residents_and_a_new_hall_adds_to_it()
    {
        var timeline = Build(Base with { Levers = [PolicyLever.BuildFacilities(2032, TestCities.CellId(3), "serviceHall", 1, capacity: 200)] });

        Assert.Equal([30, 30, 60], Enumerable.Range(0, 3).Select(i => timeline.Capacity(Need.ServiceHallThroughput, 1, i)));
        Assert.Equal([80, 80, 160], Enumerable.Range(0, 3).Select(i => timeline.Capacity(Need.ServiceHallThroughput, 2, i)));
    }

    [Fact]
    public void Levers_change_officials_deadlines_parking_and_inflow_from_their_year_on()
    {
        var timeline = Build(Base with
        {
            Levers =
            [
                PolicyLever.AddOfficials(2031, "all", 1),
                PolicyLever.AddOfficials(2033, TestCities.CellId(2), 2),
                PolicyLever.SetAcknowledgeDeadline(2032, TestCities.CellId(1), 0.5),
                PolicyLever.BuildFacilities(2031, TestCities.CellId(3), "carPark", 2, capacity: 150),
                PolicyLever.BuildFacilities(2031, TestCities.CellId(3), "parkingBay", 10),
                PolicyLever.CapInflow(2032, 50),
                PolicyLever.BoostInflow(2033, 2),
            ],
        });

        Assert.Equal([1, 2, 2, 4, 4], Enumerable.Range(0, 5).Select(t => timeline.Capacity(Need.Officials, t, 1)));
        Assert.Equal([2, 2, 0.5, 0.5, 0.5], Enumerable.Range(0, 5).Select(t => timeline.Capacity(Need.AcknowledgeTime, t, 0)));
        Assert.Equal([0, 310, 310, 310, 310], Enumerable.Range(0, 5).Select(t => timeline.Capacity(Need.ParkingSpaces, t, 2)));
        Assert.Equal([null, null, 50, 50, 50], Enumerable.Range(0, 5).Select(timeline.InflowCapIn));
        Assert.Equal([1, 1, 1, 2, 2], Enumerable.Range(0, 5).Select(timeline.InflowBoostIn));
        var inflow = new MigrantInflow(timeline);
        Assert.Equal(1000, inflow.MeanArrivals(0), 9);
        Assert.Equal(2000, inflow.MeanArrivals(4), 9);
        Assert.All(Enumerable.Range(0, 200), run => Assert.True(inflow.DrawArrivals(new RunRandom(1, run), 2) <= 50));
    }

    [Fact]
    public void Household_size_follows_its_path_keeps_each_cells_ratio_and_restarts_at_a_lever()
    {
        var timeline = Build(Base with
        {
            HouseholdSize = new HouseholdSizeInput { Start = 2.5, ChangePerYear = -0.1 },
            Levers = [PolicyLever.SetHouseholdSize(2032, "all", 3), PolicyLever.SetHouseholdSize(2033, TestCities.CellId(1), 1.5)],
        });
        double Size(int t, int cell) => timeline.HouseholdSizeIn(t, cell);

        // Every cell has 2.5 persons per household in the snapshot, the city average.
        Assert.Equal([2.5, 2.4, 3.0, 2.9, 2.8], Enumerable.Range(0, 5).Select(t => Math.Round(Size(t, 1), 9)));
        Assert.Equal([2.5, 2.4, 3.0, 1.5, 1.4], Enumerable.Range(0, 5).Select(t => Math.Round(Size(t, 0), 9)));
    }

    [Fact]
    public void Urbanization_sends_the_citys_share_of_the_regions_newly_urban_people()
    {
        double[] shares = [0.70, 0.71, 0.72, 0.72, 0.715, 0.72];
        var scenario = Base with
        {
            Urbanization = new UrbanizationInput
            {
                RegionalPopulation = 10_000_000, CityShareOfUrbanGrowth = 0.01,
                UrbanSharePath = [.. shares.Select((share, k) => new UrbanShareYear { Year = 2029 + k, Share = share })],
            },
        };

        // Δu × population × share: +0.01 → 1,000 more arrivals; no change or a fall → none.
        Assert.Equal([1000, 1000, 0, 0, 500], Enumerable.Range(0, 5).Select(t => Math.Round(MigrantInflow.UrbanizationArrivals(scenario, t), 6)));
        var constant = Base with { Urbanization = new UrbanizationInput { RegionalPopulation = 10_000_000, CityShareOfUrbanGrowth = 0.01, BaseShare = 0.995, GrowthPointsPerYear = 0.3 } };
        // 0.3 points a year until the share reaches 100%.
        Assert.Equal([300, 200, 0, 0, 0], Enumerable.Range(0, 5).Select(t => Math.Round(MigrantInflow.UrbanizationArrivals(constant, t), 6)));
    }

    private static ScenarioTimeline Build(Scenario scenario)
    {
        Assert.Empty(ScenarioValidator.Validate(scenario, City, 2026));
        return ScenarioTimeline.Build(scenario, City);
    }
}
