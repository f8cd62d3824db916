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

    /// <summary>
    /// Starts the run on a given planning snapshot (JSON as <see cref="PlanningSnapshot"/> writes it), e.g. the live
    /// twin's, instead of the silo's planning city from the city file; false when this run was already started.
    /// </summary>
    [Alias("StartFrom")]
    Task<bool> StartFromAsync(string scenarioJson, string snapshotJson);

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
    [property: Id(6)] string? Error,
    [property: Id(7)] PlanningStart? Start = null);

/// <summary>What a run planned from: "live" (a snapshot of the twin, taken at <paramref name="TakenAt"/>) or "city" (the city file).</summary>
[GenerateSerializer, Immutable, Alias("PlanningStart")]
public sealed record PlanningStart(
    [property: Id(0)] string From,
    [property: Id(1)] DateTimeOffset? TakenAt);
