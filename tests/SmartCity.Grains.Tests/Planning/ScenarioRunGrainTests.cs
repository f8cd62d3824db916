using SmartCity.Grains.Planning;
using SmartCity.Grains.Tests.Cluster;

namespace SmartCity.Grains.Tests.Planning;

/// <summary>A scenario run on the two-silo test cluster: batches as grain calls, folded into the local run's numbers.</summary>
[Collection(SharedCluster.Name)]
public sealed class ScenarioRunGrainTests(ClusterFixture cluster)
{
    private static string ScenarioJson(int runs) => $$"""
        { "name": "cluster test", "startYear": 2027, "years": 2, "runs": {{runs}}, "seed": 11,
          "migration": { "cityShare": 0.0004, "dispersion": 40 } }
        """;

    private static string NewRunId() => "scn-" + Guid.NewGuid().ToString("N")[..12].Replace('0', 'z');

    [Fact]
    public async Task Run_spread_over_batch_grains_gives_the_local_projection_and_refuses_a_second_start()
    {
        string json = ScenarioJson(runs: 40);
        var run = cluster.Grains.GetGrain<IScenarioRunGrain>(NewRunId());

        Assert.True(await run.StartAsync(json));
        Assert.False(await run.StartAsync(json));
        var progress = await Eventually.ReadAsync(run.GetProgressAsync, p => p.Status != ScenarioRunStatus.Running, TimeSpan.FromSeconds(30));

        Assert.Equal((ScenarioRunStatus.Done, 40, 40, (string?)null), (progress.Status, progress.RunsDone, progress.RunsTotal, progress.Error));
        Assert.Equal((cluster.Now, cluster.Now), (progress.StartedAt, progress.FinishedAt));
        var local = new MonteCarlo(ScenarioFile.Parse(json).Scenario!, PlanningCity.FromCity(TestCity.Map.Definition)).Run() with { Start = new PlanningStart(PlanningSnapshot.FromCityFile, null) };
        Assert.Equal(PlanningJson.Write(local), await run.GetResultJsonAsync());
    }

    [Fact]
    public async Task Batches_of_one_run_are_placed_on_both_silos_and_still_give_the_local_projection()
    {
        string json = ScenarioJson(runs: 320); // 20 batches of 16
        string runId = NewRunId();
        var run = cluster.Grains.GetGrain<IScenarioRunGrain>(runId);

        Assert.True(await run.StartAsync(json));
        var progress = await Eventually.ReadAsync(run.GetProgressAsync, p => p.Status != ScenarioRunStatus.Running, TimeSpan.FromSeconds(60));

        Assert.Equal(ScenarioRunStatus.Done, progress.Status);
        var silos = BatchPlacements.Seen.Where(p => p.Key.StartsWith(runId + "/", StringComparison.Ordinal)).Select(p => p.Value).ToList();
        Assert.Equal(20, silos.Count);
        Assert.Equal(2, silos.Distinct().Count());
        var local = new MonteCarlo(ScenarioFile.Parse(json).Scenario!, PlanningCity.FromCity(TestCity.Map.Definition)).Run() with { Start = new PlanningStart(PlanningSnapshot.FromCityFile, null) };
        Assert.Equal(PlanningJson.Write(local), await run.GetResultJsonAsync());
    }

    [Fact]
    public async Task Run_never_started_says_so_and_has_no_result()
    {
        var run = cluster.Grains.GetGrain<IScenarioRunGrain>(NewRunId());

        Assert.Equal(ScenarioRunStatus.NotStarted, (await run.GetProgressAsync()).Status);
        Assert.Null(await run.GetResultJsonAsync());
    }
}
