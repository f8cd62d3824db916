namespace SmartCity.Grains.Planning;

/// <summary>
/// One Monte Carlo run of a scenario in the cluster (keyed by its run id, "scn-" and 12 lowercase letters or digits):
/// it sends batches of runs to <see cref="IMonteCarloBatchGrain"/>s and folds their answers into the projection.
/// Held in memory only: a silo restart, or an hour without callers after it ends, loses the run.
/// </summary>
[Alias("IScenarioRunGrain")]
public interface IScenarioRunGrain : IGrainWithStringKey
{
    /// <summary>Starts the run of a validated scenario; false when this run was already started.</summary>
    [Alias("Start")]
    Task<bool> StartAsync(string scenarioJson);

    [Alias("GetProgress"), ReadOnly]
    Task<ScenarioRunProgress> GetProgressAsync();

    /// <summary>Stops sending batches; a finished run stays as it was.</summary>
    [Alias("Cancel")]
    Task<ScenarioRunProgress> CancelAsync();

    /// <summary>The <see cref="PlanningResult"/> as JSON (<see cref="PlanningJson"/>), or null until the run is done.</summary>
    [Alias("GetResultJson"), ReadOnly]
    Task<string?> GetResultJsonAsync();
}

/// <summary>Where a scenario run is.</summary>
[GenerateSerializer, Alias("ScenarioRunStatus")]
public enum ScenarioRunStatus
{
    NotStarted,
    Running,
    Done,
    Cancelled,
    Failed,
}

/// <summary>A scenario run's status and how many of its runs are folded in; times are city time.</summary>
[GenerateSerializer, Immutable, Alias("ScenarioRunProgress")]
public sealed record ScenarioRunProgress(
    [property: Id(0)] string Id,
    [property: Id(1)] ScenarioRunStatus Status,
    [property: Id(2)] int RunsDone,
    [property: Id(3)] int RunsTotal,
    [property: Id(4)] DateTimeOffset? StartedAt,
    [property: Id(5)] DateTimeOffset? FinishedAt,
    [property: Id(6)] string? Error);
