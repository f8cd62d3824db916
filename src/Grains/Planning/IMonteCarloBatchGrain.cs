namespace SmartCity.Grains.Planning;

/// <summary>
/// One batch of a scenario run's Monte Carlo (keyed "{scenarioRunId}/{batchIndex}", e.g. "scn-4k2q9x0m1abc/17", and
/// "{scenarioRunId}/{batchIndex}/{attempt}" when the run grain tries it again): a unit of work that default placement
/// spreads over the silos. It keeps nothing once it has answered.
/// </summary>
[Alias("IMonteCarloBatchGrain")]
public interface IMonteCarloBatchGrain : IGrainWithStringKey
{
    /// <summary>Runs firstRun to firstRun + count − 1 of the scenario (JSON as <see cref="ScenarioFile"/> reads it).</summary>
    [Alias("Run")]
    Task<IReadOnlyList<RunFigures>> RunAsync(string scenarioJson, int firstRun, int count);

    /// <summary>The same runs on the city of a planning snapshot (JSON as <see cref="PlanningSnapshot"/> writes it).</summary>
    [Alias("RunOn")]
    Task<IReadOnlyList<RunFigures>> RunOnAsync(string scenarioJson, string snapshotJson, int firstRun, int count);
}
