namespace SmartCity.Grains.Planning;

/// <summary>Runs one batch on the silo it was placed on, against that silo's planning snapshot of the city.</summary>
public sealed class MonteCarloBatchGrain(PlanningCity city) : Grain, IMonteCarloBatchGrain
{
    public Task<IReadOnlyList<RunFigures>> RunAsync(string scenarioJson, int firstRun, int count)
    {
        // The run grain validated the scenario at the API's edge; a scenario that fails here is a bug, and throws.
        var scenario = ScenarioFile.Parse(scenarioJson).Scenario
            ?? throw new ArgumentException("The scenario JSON does not parse.", nameof(scenarioJson));
        var figures = MonteCarlo.RunBatch(scenario, city, firstRun, count);
        // Each batch key is used once: free the activation as soon as the answer is sent.
        DeactivateOnIdle();
        return Task.FromResult(figures);
    }
}
