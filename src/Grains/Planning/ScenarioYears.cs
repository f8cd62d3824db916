namespace SmartCity.Grains.Planning;

/// <summary>
/// Fixes a scenario's relative years against the current year: a left-out start year becomes next year, and a lever's
/// yearOffset becomes a calendar year. So example and saved files never fall into the past, and the scenario a run
/// carries (to a grain, into result.json) has plain years that mean the same on every silo and every day.
/// </summary>
public static class ScenarioYears
{
    public static Scenario Resolve(Scenario scenario, int currentYear)
    {
        int start = scenario.StartYear == 0 ? currentYear + 1 : scenario.StartYear;
        // A lever that gives both year and yearOffset stays as it is: the validator names the conflict.
        var levers = scenario.Levers.Select(l => l is { YearOffset: int offset, Year: 0 } ? l with { Year = SafeAdd(start, offset), YearOffset = null } : l);
        return scenario with { StartYear = start, Levers = [.. levers] };
    }

    // An absurd offset must end as an out-of-range year for the validator, not as an overflow.
    private static int SafeAdd(int start, int offset) => (int)Math.Clamp((long)start + offset, int.MinValue, int.MaxValue);
}
