namespace SmartCity.Grains.Planning;

/// <summary>
/// The Monte Carlo of one scenario on one city: runs × years × cells. Run r always draws from its own generator
/// seeded by (scenario seed, r) (see <see cref="RunRandom"/>), so any split of the runs into batches, on threads
/// or silos, gives the same numbers. The scenario must have passed <see cref="ScenarioValidator"/> for the city.
/// </summary>
public sealed class MonteCarlo
{
    // Runs per unit of parallel work: large enough to amortise the scratch arrays, small enough to balance threads.
    private const int RunsPerBatch = 8;

    private readonly MigrantInflow _inflow;
    private readonly Attractiveness _attractiveness;

    /// <exception cref="ArgumentException">The scenario does not pass validation for this city (the start year aside).</exception>
    public MonteCarlo(Scenario scenario, PlanningCity city)
    {
        // Callers resolve the years and validate at their edge with the real current year; this only guards against skipping that.
        if (scenario.StartYear == 0 || scenario.Levers.Any(l => l?.YearOffset is not null))
            throw new ArgumentException("The scenario's years are not resolved: call ScenarioYears.Resolve at the edge first.", nameof(scenario));
        var errors = ScenarioValidator.Validate(scenario, city, currentYear: scenario.StartYear);
        if (errors.Count > 0) throw new ArgumentException($"The scenario is not valid: {string.Join("; ", errors)}", nameof(scenario));
        Timeline = ScenarioTimeline.Build(scenario, city);
        _inflow = new MigrantInflow(Timeline);
        _attractiveness = new Attractiveness(Timeline);
    }

    /// <summary>What the scenario fixes without chance: capacities, officials, deadlines, household sizes by year.</summary>
    public ScenarioTimeline Timeline { get; }

    public MigrantInflow Inflow => _inflow;

    /// <summary>Runs <paramref name="firstRun"/> to firstRun + count − 1 on the calling thread.</summary>
    public IReadOnlyList<RunFigures> RunBatch(int firstRun, int count, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstRun);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var simulation = new RunSimulation(Timeline, _inflow, _attractiveness);
        var runs = new RunFigures[count];
        for (int k = 0; k < count; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            runs[k] = simulation.Run(firstRun + k);
        }
        return runs;
    }

    /// <summary>An empty accumulator for this scenario's runs, e.g. one per batch to merge later.</summary>
    public MonteCarloAccumulator NewAccumulator() => new(Timeline);

    /// <summary>
    /// All of the scenario's runs, spread over up to <paramref name="maxDegreeOfParallelism"/> threads, each folding
    /// into its own accumulator; <paramref name="runsDone"/> hears the count of finished runs.
    /// </summary>
    public PlanningResult Run(int? maxDegreeOfParallelism = null, IProgress<int>? runsDone = null, CancellationToken cancellation = default)
    {
        int runs = Timeline.Scenario.Runs, batches = (runs + RunsPerBatch - 1) / RunsPerBatch, done = 0;
        var accumulators = new System.Collections.Concurrent.ConcurrentBag<MonteCarloAccumulator>();
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount,
            CancellationToken = cancellation,
        };
        Parallel.For(0, batches, options, NewAccumulator, (batch, _, accumulator) =>
        {
            int first = batch * RunsPerBatch, count = Math.Min(RunsPerBatch, runs - first);
            accumulator.Add(RunBatch(first, count, cancellation));
            runsDone?.Report(Interlocked.Add(ref done, count));
            return accumulator;
        }, accumulators.Add);
        var total = NewAccumulator();
        foreach (var accumulator in accumulators) total.Add(accumulator);
        return total.ToResult();
    }

    /// <summary>One batch of a scenario's runs, for a caller (a grain) that holds no prepared model.</summary>
    public static IReadOnlyList<RunFigures> RunBatch(Scenario scenario, PlanningCity city, int firstRun, int count) =>
        new MonteCarlo(scenario, city).RunBatch(firstRun, count);
}
