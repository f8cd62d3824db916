using Orleans.Placement;

namespace SmartCity.Grains.Planning;

/// <summary>Runs one batch on the silo it was placed on, against that silo's planning city or the snapshot it is sent.</summary>
/// <remarks>
/// Placed at random: Orleans' default placement weighs silos' load and, on an idle cluster, kept every
/// batch of a run on the run's own silo. Batches are CPU work of similar size, so spreading them at
/// random uses every silo's cores.
/// </remarks>
[RandomPlacement]
public sealed class MonteCarloBatchGrain(PlanningCity city) : Grain, IMonteCarloBatchGrain
{
    public Task<IReadOnlyList<RunFigures>> RunAsync(string scenarioJson, int firstRun, int count) => Run(scenarioJson, city, firstRun, count);

    public Task<IReadOnlyList<RunFigures>> RunOnAsync(string scenarioJson, string snapshotJson, int firstRun, int count) =>
        Run(scenarioJson, PlanningSnapshot.Read(snapshotJson).ToPlanningCity(), firstRun, count);

    private Task<IReadOnlyList<RunFigures>> Run(string scenarioJson, PlanningCity on, int firstRun, int count)
    {
        // The run grain validated the scenario at the API's edge; a scenario that fails here is a bug, and throws.
        var scenario = ScenarioFile.Parse(scenarioJson).Scenario
            ?? throw new ArgumentException("The scenario JSON does not parse.", nameof(scenarioJson));
        var figures = MonteCarlo.RunBatch(scenario, on, firstRun, count);
        // Each batch key is used once: free the activation as soon as the answer is sent.
        DeactivateOnIdle();
        return Task.FromResult(figures);
    }
}
