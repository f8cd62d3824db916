using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using SmartCity.Grains.Events;
using SmartCity.Grains.Persistence;
using SmartCity.Grains.Planning;
using SmartCity.Grains.Reports;
using SmartCity.Grains.Tests.Cluster;
using SmartCity.Grains.Tests.Reports;

namespace SmartCity.Grains.Tests.Planning;

/// <summary>
/// A cluster of its own whose silo fails Monte Carlo batch calls on purpose, through a grain call filter: the batches of
/// runs named "scn-flaky…" fail on their first attempt (as when their silo dies), those of "scn-broken…" on every one.
/// </summary>
public sealed class FailingBatchCluster : IAsyncLifetime
{
    public const string Flaky = "scn-flaky", Broken = "scn-broken";

    public FakeTimeProvider Time { get; } = new(ClusterFixture.Start);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Batch calls that reached a batch grain, failed or not, by grain key.</summary>
    public System.Collections.Concurrent.ConcurrentBag<string> BatchCalls { get; } = [];

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Twin);
            silo.Services.AddTwin(TestCity.Map, Time);
            silo.Services.AddSingleton(Quiz.TestQuiz.Book);
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<IEventLog>(services => new InMemoryEventLog(TimeProvider.System, services.GetRequiredService<EventBroadcast>()));
            silo.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.Services.AddReports(TestReports.Catalog);
            silo.Services.AddPlanning();
            silo.AddIncomingGrainCallFilter(FailBatches);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private Task FailBatches(IIncomingGrainCallContext context)
    {
        if (context.Grain is not MonteCarloBatchGrain) return context.Invoke();
        string key = context.TargetId.Key.ToString()!;
        BatchCalls.Add(key);
        // "{run}/{batch}" is a first attempt; retries carry the attempt as a third part.
        bool firstAttempt = key.Count(c => c == '/') == 1;
        if (key.StartsWith(Broken, StringComparison.Ordinal) || (key.StartsWith(Flaky, StringComparison.Ordinal) && firstAttempt))
            throw new InvalidOperationException($"Simulated loss of the silo running batch {key}.");
        return context.Invoke();
    }
}

public sealed class BatchRetryTests(FailingBatchCluster cluster) : IClassFixture<FailingBatchCluster>
{
    private const string ScenarioJson = """
        { "name": "retry test", "startYear": 2027, "years": 2, "runs": 40, "seed": 13,
          "migration": { "cityShare": 0.0004, "dispersion": 40 } }
        """;

    private static string NewRunId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public async Task Batches_that_fail_once_are_retried_and_the_projection_is_the_same_as_a_local_run()
    {
        string id = NewRunId(FailingBatchCluster.Flaky);
        var run = cluster.Grains.GetGrain<IScenarioRunGrain>(id);

        Assert.True(await run.StartAsync(ScenarioJson));
        var progress = await Eventually.ReadAsync(run.GetProgressAsync, p => p.Status != ScenarioRunStatus.Running, TimeSpan.FromSeconds(30));

        Assert.Equal((ScenarioRunStatus.Done, 40, (string?)null), (progress.Status, progress.RunsDone, progress.Error));
        var local = new MonteCarlo(ScenarioFile.Parse(ScenarioJson).Scenario!, PlanningCity.FromCity(TestCity.Map.Definition)).Run() with { Start = new PlanningStart(PlanningSnapshot.FromCityFile, null) };
        Assert.Equal(PlanningJson.Write(local), await run.GetResultJsonAsync());
        int batches = (40 + ScenarioRunGrain.RunsPerBatch - 1) / ScenarioRunGrain.RunsPerBatch;
        // Every batch failed once and was answered on its second attempt, under its own key.
        Assert.Equal(
            Enumerable.Range(0, batches).SelectMany(b => new[] { $"{id}/{b}", $"{id}/{b}/2" }).Order(StringComparer.Ordinal),
            cluster.BatchCalls.Where(k => k.StartsWith(id + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_batch_that_keeps_failing_fails_the_run_after_a_bounded_number_of_attempts()
    {
        string id = NewRunId(FailingBatchCluster.Broken);
        var run = cluster.Grains.GetGrain<IScenarioRunGrain>(id);

        Assert.True(await run.StartAsync(ScenarioJson));
        var progress = await Eventually.ReadAsync(run.GetProgressAsync, p => p.Status != ScenarioRunStatus.Running, TimeSpan.FromSeconds(30));

        Assert.Equal(ScenarioRunStatus.Failed, progress.Status);
        Assert.Contains($"failed {ScenarioRunGrain.AttemptsPerBatch} times", progress.Error);
        Assert.Contains("Simulated loss of the silo", progress.Error);
        Assert.Null(await run.GetResultJsonAsync());
        Assert.All(cluster.BatchCalls.Where(k => k.StartsWith(id + "/", StringComparison.Ordinal)),
            k => Assert.True(k.Split('/') is [_, _] or [_, _, "2" or "3"], k));
    }
}
