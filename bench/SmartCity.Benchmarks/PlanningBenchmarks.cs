using System.Diagnostics;
using System.Globalization;
using SmartCity.Grains.City;
using SmartCity.Grains.Planning;

namespace SmartCity.Benchmarks;

/// <summary>
/// The planning issue's figure: cell-years per second of the Monte Carlo (runs x cells x years)
/// on one thread, and on every core, with the speed-up between them. The same scenario and seed
/// in both, so both compute exactly the same numbers.
/// </summary>
public sealed class PlanningBenchmarks(CityMap city)
{
    private const int Runs = 1000;
    private const int Years = 20;

    public Task MonteCarloAsync(BenchmarkReport report)
    {
        var planningCity = PlanningCity.FromCity(city.Definition);
        var scenario = new Scenario
        {
            Name = "benchmark growth", StartYear = DateTime.UtcNow.Year + 1, Years = Years, Runs = Runs, Seed = 7,
            Migration = new MigrationInput { CityShare = 0.002, Dispersion = 20 },
            Urbanization = new UrbanizationInput { RegionalPopulation = 66_000_000, CityShareOfUrbanGrowth = 0.005, BaseShare = 0.74, GrowthPointsPerYear = 0.6 },
        };
        var model = new MonteCarlo(scenario, planningCity);
        double cellYears = (double)Runs * planningCity.Cells.Count * Years;

        // Warm up (JIT, first allocations) on both paths so that neither timing pays for it.
        new MonteCarlo(scenario with { Runs = 32 }, planningCity).Run(maxDegreeOfParallelism: 1);
        new MonteCarlo(scenario with { Runs = 32 }, planningCity).Run();

        // Alternating, twice each, keeping each one's best: a noisy machine slows one timing, rarely both.
        TimeSpan single = TimeSpan.MaxValue, parallel = TimeSpan.MaxValue;
        for (int round = 0; round < 2; round++)
        {
            single = Min(single, Time(() => model.Run(maxDegreeOfParallelism: 1)));
            parallel = Min(parallel, Time(() => model.Run(maxDegreeOfParallelism: Environment.ProcessorCount)));
        }

        double singleRate = cellYears / single.TotalSeconds, parallelRate = cellYears / parallel.TotalSeconds;
        report.Add(new BenchmarkLine(
            Invariant($"planning Monte Carlo: {Runs:N0} runs x {planningCity.Cells.Count} cells x {Years} years, {Environment.ProcessorCount} threads"),
            Invariant($"{parallelRate:N0} cell-years/s ({parallel.TotalSeconds:F1} s, best of 2)"),
            Invariant($"{singleRate:N0} cell-years/s on one thread ({single.TotalSeconds:F1} s, best of 2)"),
            parallelRate / singleRate, "none set; the ratio is the speed-up", null));
        return Task.CompletedTask;
    }

    private static TimeSpan Time(Action run)
    {
        var clock = Stopwatch.StartNew();
        run();
        return clock.Elapsed;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
