using SmartCity.Grains.Planning;

namespace SmartCity.Grains.Tests.Planning;

/// <summary>
/// One cell of 1,000 residents with one public toilet and one official, and close to exactly 1,000 arrivals a year
/// (nearly Poisson, nobody leaves): 2,000 residents at the end of 2030, 3,000 in 2031, ... 6,000 in 2035.
/// One toilet serves 2,500 residents, so the toilet gap opens in 2031.
/// </summary>
public sealed class GapYearTests
{
    private static readonly PlanningCity City = PlanningCity.FromCity(TestCities.Row(new TestCities.Plot(400, 1000, 0, Toilets: 1)));

    private static readonly Scenario Growing = new()
    {
        Name = "growing", StartYear = 2030, Years = 6, Runs = 40, Seed = 3,
        Migration = new MigrationInput { NationalInflowPerYear = 1_000_000, CityShare = 0.001, Dispersion = 1e6, DepartureRate = 0, ReturnRate = 0 },
        Cells = new Dictionary<string, CellOverride> { [TestCities.CellId(1)] = new() { HousingCapacity = 100_000 } },
    };

    [Fact]
    public void The_toilet_gap_opens_in_the_year_residents_pass_what_the_toilets_serve()
    {
        var result = Run(Growing);
        var cell = result.Cell(TestCities.CellId(1));

        Assert.InRange(cell.Year(2030).Residents.P50, 1900, 2100);
        Assert.False(cell.Year(2030).Need(Need.PublicToilets).ShortAtP50);
        Assert.True(cell.Year(2031).Need(Need.PublicToilets).ShortAtP50);
        Assert.Equal(1, cell.Year(2031).Need(Need.PublicToilets).Capacity);
        var opening = cell.GapOpening(Need.PublicToilets);
        Assert.Equal(2031, opening.P10Year);
        Assert.Equal(2031, opening.P50Year);
        Assert.Equal(2031, opening.P90Year);
        Assert.Equal([0, 40, 0, 0, 0, 0], opening.RunsOpeningInYear);
        Assert.Equal(Enumerable.Repeat(TestCities.CellId(1), 1), result.CityByYear[1].Need(Need.PublicToilets).CellsShortAtP50);
        Assert.Equal(new Band(1, 1, 1), result.CityByYear[1].Need(Need.PublicToilets).CellsShort);
    }

    [Fact]
    public void Building_toilets_closes_the_toilet_gap_from_that_year()
    {
        var withToilets = Growing with { Levers = [PolicyLever.BuildFacilities(2032, TestCities.CellId(1), "publicToilet", 2)] };

        var cell = Run(withToilets).Cell(TestCities.CellId(1));

        Assert.True(cell.Year(2031).Need(Need.PublicToilets).ShortAtP50);
        foreach (int year in new[] { 2032, 2033, 2034, 2035 })
        {
            var toilets = cell.Year(year).Need(Need.PublicToilets);
            Assert.Equal(3, toilets.Capacity);
            Assert.True(toilets.Gap.P90 < 0, $"{year}: still short");
        }
        // Without the lever the gap stays open to the end.
        Assert.True(Run(Growing).Cell(TestCities.CellId(1)).Year(2035).Need(Need.PublicToilets).ShortAtP50);
    }

    [Fact]
    public void A_report_queue_beyond_its_officials_waits_forever_and_more_officials_bring_it_under_the_deadline()
    {
        // λ = residents / 365 / 8 reports per duty hour, μ = 1 per official-hour, deadline 2 h. With one official the
        // mean wait passes 2 h near 1,950 residents (ρ = 2/3) and the queue is unstable above 2,920.
        var cell = Run(Growing).Cell(TestCities.CellId(1));
        Assert.Equal(2, cell.Year(2030).Need(Need.AcknowledgeTime).Capacity);
        Assert.True(cell.Year(2030).Need(Need.AcknowledgeTime).ShortAtP50);
        Assert.Equal(2030, cell.GapOpening(Need.AcknowledgeTime).P50Year);
        Assert.Equal(double.PositiveInfinity, cell.Year(2032).Need(Need.AcknowledgeTime).Demand.P50);
        Assert.Equal(1, cell.Year(2032).LateShare.P50);

        var staffed = Run(Growing with { Levers = [PolicyLever.AddOfficials(2031, TestCities.CellId(1), 3)] }).Cell(TestCities.CellId(1));
        foreach (int year in new[] { 2031, 2032, 2033, 2034, 2035 })
        {
            var wait = staffed.Year(year).Need(Need.AcknowledgeTime);
            Assert.True(wait.Demand.P90 < 2, $"{year}: waits {wait.Demand.P90} h");
            Assert.True(staffed.Year(year).LateShare.P90 < 0.5);
        }
    }

    [Fact]
    public void A_later_deadline_lever_moves_the_line_the_wait_is_measured_against()
    {
        var relaxed = Run(Growing with { Levers = [PolicyLever.SetAcknowledgeDeadline(2030, "all", 4)] }).Cell(TestCities.CellId(1));

        Assert.Equal(4, relaxed.Year(2030).Need(Need.AcknowledgeTime).Capacity);
        Assert.False(relaxed.Year(2030).Need(Need.AcknowledgeTime).ShortAtP50);
    }

    private static PlanningResult Run(Scenario scenario)
    {
        Assert.Empty(ScenarioValidator.Validate(scenario, City, 2026));
        return new MonteCarlo(scenario, City).Run();
    }
}
