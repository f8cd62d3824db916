using SmartCity.Grains.City;
using SmartCity.Grains.Planning;

namespace SmartCity.Grains.Tests.Planning;

/// <summary>Relative years in a scenario file: a left-out start year and levers by offset keep a file valid as the years pass.</summary>
public sealed class ScenarioYearsTests
{
    private static readonly PlanningCity City = PlanningCity.FromCity(TestCities.Row(new TestCities.Plot(100, 250, 40), new TestCities.Plot(120, 300, 60)));

    private const string Relative = """
        { "name": "relative", "years": 10, "runs": 5, "migration": { "cityShare": 0.0001 },
          "levers": [ { "yearOffset": 2, "action": "boostInflow", "factor": 1.5 }, { "yearOffset": 0, "cell": "grid:T-01", "action": "addOfficials", "count": 1 } ] }
        """;

    [Theory]
    [InlineData(2026)]
    [InlineData(2031)]
    [InlineData(2099)]
    public void A_left_out_start_year_is_next_year_and_lever_offsets_count_from_it(int currentYear)
    {
        var scenario = ScenarioFile.Parse(Relative).Scenario!;

        var errors = ScenarioValidator.Validate(scenario, City, currentYear);
        var resolved = ScenarioYears.Resolve(scenario, currentYear);

        Assert.Empty(errors);
        Assert.Equal(currentYear + 1, resolved.StartYear);
        Assert.Equal([currentYear + 3, currentYear + 1], resolved.Levers.Select(l => l.Year));
        Assert.All(resolved.Levers, l => Assert.Null(l.YearOffset));
    }

    [Fact]
    public void The_resolved_scenario_written_for_a_grain_reads_back_with_the_same_calendar_years()
    {
        var resolved = ScenarioYears.Resolve(ScenarioFile.Parse(Relative).Scenario!, 2026);

        var again = ScenarioFile.Parse(ScenarioFile.Write(resolved)).Scenario!;

        Assert.Equal(2027, again.StartYear);
        Assert.Equal([2029, 2027], again.Levers.Select(l => l.Year));
        Assert.Empty(ScenarioValidator.Validate(again, City, 2026));
        Assert.Equal(PlanningJson.Write(new MonteCarlo(resolved, City).Run()), PlanningJson.Write(new MonteCarlo(again, City).Run()));
    }

    [Fact]
    public void A_calendar_start_year_in_the_past_is_still_refused_by_the_clock_given()
    {
        var scenario = ScenarioFile.Parse(Relative).Scenario! with { StartYear = 2027 };

        Assert.Empty(ScenarioValidator.Validate(scenario, City, 2027));
        Assert.Equal(["startYear"], ScenarioValidator.Validate(scenario, City, 2028).Select(e => e.Field));
    }

    [Theory]
    [InlineData("""{ "year": 2029, "yearOffset": 2, "action": "boostInflow", "factor": 1.5 }""", "give year or yearOffset, not both.")]
    [InlineData("""{ "yearOffset": 10, "action": "boostInflow", "factor": 1.5 }""", "10 is outside 0 to 9 (0 is the first simulated year).")]
    [InlineData("""{ "yearOffset": -1, "action": "boostInflow", "factor": 1.5 }""", "-1 is outside 0 to 9 (0 is the first simulated year).")]
    [InlineData("""{ "yearOffset": 2147483647, "action": "boostInflow", "factor": 1.5 }""", "2147483647 is outside 0 to 9 (0 is the first simulated year).")]
    public void A_lever_offset_outside_the_horizon_or_beside_a_year_is_refused_by_its_field(string lever, string message)
    {
        var scenario = ScenarioFile.Parse($$"""{ "name": "x", "years": 10, "levers": [ {{lever}} ] }""").Scenario!;

        var errors = ScenarioValidator.Validate(scenario, City, 2026);

        Assert.Equal([new ScenarioError("levers[0].yearOffset", message)], errors);
    }

    [Fact]
    public void The_model_refuses_a_scenario_whose_years_were_never_resolved()
    {
        var scenario = ScenarioFile.Parse(Relative).Scenario!;

        var refused = Assert.Throws<ArgumentException>(() => new MonteCarlo(scenario, City));

        Assert.Contains("ScenarioYears.Resolve", refused.Message);
    }
}
