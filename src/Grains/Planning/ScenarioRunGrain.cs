using System.Globalization;

namespace SmartCity.Grains.Planning;

/// <summary>
/// Runs a scenario's Monte Carlo as grain work: batches of <see cref="RunsPerBatch"/> runs go to batch grains,
/// at most <see cref="BatchesInFlight"/> at a time, and their answers fold into one accumulator here. Every run draws
/// from its own seeded generator, so the projection equals a local run of the same scenario however batches land.
/// A batch whose call fails (its silo died, the call timed out, the batch threw) is sent again, up to
/// <see cref="AttemptsPerBatch"/> times in all, before the run fails; since a run's numbers depend on nothing but the
/// seed and the run index, a retried batch gives the same figures as a first attempt would have.
/// A run started from a snapshot (<see cref="StartFromAsync"/>) plans on it and sends it with every batch.
/// State lives in memory only (no storage): a silo restart loses the runs it holds, running or finished.
/// </summary>
public sealed class ScenarioRunGrain(PlanningCity city, CityClock clock) : Grain, IScenarioRunGrain
{
    public const int RunsPerBatch = 16;

    public const int BatchesInFlight = 8;

    /// <summary>How often one batch is tried before the whole run fails: enough to ride out a silo or two going down.</summary>
    public const int AttemptsPerBatch = 3;

    // Keeps the activation while batches are out, and a finished result for callers to fetch.
    private static readonly TimeSpan KeepWhileRunning = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan KeepFinished = TimeSpan.FromHours(1);

    private ScenarioRunStatus _status = ScenarioRunStatus.NotStarted;
    private int _runsDone;
    private int _runsTotal;
    private DateTimeOffset? _startedAt;
    private DateTimeOffset? _finishedAt;
    private string? _error;
    private string? _resultJson;
    private Task? _loop;
    private PlanningStart? _start;
    private string? _snapshotJson;

    public Task<bool> StartAsync(string scenarioJson) => Start(scenarioJson, null);

    public Task<bool> StartFromAsync(string scenarioJson, string snapshotJson) => Start(scenarioJson, snapshotJson);

    private Task<bool> Start(string scenarioJson, string? snapshotJson)
    {
        if (_status != ScenarioRunStatus.NotStarted) return Task.FromResult(false);
        _startedAt = clock.Now;
        _status = ScenarioRunStatus.Running;
        var scenario = ScenarioFile.Parse(scenarioJson).Scenario;
        if (scenario is null)
        {
            Finish(ScenarioRunStatus.Failed, "The scenario JSON does not parse.");
            return Task.FromResult(true);
        }
        _runsTotal = scenario.Runs;
        var on = city;
        _start = new PlanningStart(PlanningSnapshot.FromCityFile, null);
        if (snapshotJson is not null)
        {
            var snapshot = PlanningSnapshot.Read(snapshotJson);
            on = snapshot.ToPlanningCity();
            _start = new PlanningStart(snapshot.Start, snapshot.TakenAt);
            _snapshotJson = snapshotJson;
        }
        DelayDeactivation(KeepWhileRunning);
        // Detached on purpose: callers poll progress while the batches run; the loop interleaves with them at awaits.
        _loop = RunBatchesAsync(scenario, scenarioJson, on);
        return Task.FromResult(true);
    }

    public Task<ScenarioRunProgress> GetProgressAsync()
    {
        // An id nobody started should not keep an activation.
        if (_status == ScenarioRunStatus.NotStarted) DeactivateOnIdle();
        return Task.FromResult(Progress());
    }

    public Task<ScenarioRunProgress> CancelAsync()
    {
        if (_status == ScenarioRunStatus.Running) Finish(ScenarioRunStatus.Cancelled, null);
        else if (_status == ScenarioRunStatus.NotStarted) DeactivateOnIdle();
        return Task.FromResult(Progress());
    }

    public Task<string?> GetResultJsonAsync() => Task.FromResult(_status == ScenarioRunStatus.Done ? _resultJson : null);

    private ScenarioRunProgress Progress() =>
        new(this.GetPrimaryKeyString(), _status, _runsDone, _runsTotal, _startedAt, _finishedAt, _error, _start);

    private async Task RunBatchesAsync(Scenario scenario, string scenarioJson, PlanningCity on)
    {
        try
        {
            var accumulator = new MonteCarlo(scenario, on).NewAccumulator();
            int batches = (scenario.Runs + RunsPerBatch - 1) / RunsPerBatch, next = 0;
            var inFlight = new List<Task<IReadOnlyList<RunFigures>>>(BatchesInFlight);
            while (_status == ScenarioRunStatus.Running && (next < batches || inFlight.Count > 0))
            {
                for (; next < batches && inFlight.Count < BatchesInFlight; next++)
                {
                    int first = next * RunsPerBatch;
                    inFlight.Add(RunBatchAsync(scenarioJson, next, first, Math.Min(RunsPerBatch, scenario.Runs - first)));
                }
                var answered = await Task.WhenAny(inFlight);
                inFlight.Remove(answered);
                var figures = await answered;
                if (_status != ScenarioRunStatus.Running) return;
                accumulator.Add(figures);
                _runsDone += figures.Count;
                DelayDeactivation(KeepWhileRunning);
            }
            if (_status != ScenarioRunStatus.Running) return;
            _resultJson = PlanningJson.Write(accumulator.ToResult() with { Start = _start });
            Finish(ScenarioRunStatus.Done, null);
        }
        catch (Exception error)
        {
            // A batch that fails after a cancel changes nothing: the run already ended.
            if (_status == ScenarioRunStatus.Running) Finish(ScenarioRunStatus.Failed, error.Message);
        }
    }

    private async Task<IReadOnlyList<RunFigures>> RunBatchAsync(string scenarioJson, int batch, int firstRun, int count)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                var grain = BatchGrain(batch, attempt);
                return await (_snapshotJson is null
                    ? grain.RunAsync(scenarioJson, firstRun, count)
                    : grain.RunOnAsync(scenarioJson, _snapshotJson, firstRun, count));
            }
            catch (Exception) when (attempt < AttemptsPerBatch && _status == ScenarioRunStatus.Running)
            {
                // Tried again on the next turn of the loop, under a new key; only the last attempt's failure is reported.
            }
            catch (Exception error) when (_status == ScenarioRunStatus.Running)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"Batch {batch} (runs {firstRun} to {firstRun + count - 1}) failed {attempt} times; last: {error.Message}"), error);
            }
        }
    }

    /// <summary>
    /// The batch grain of one attempt: "{run id}/{batch}", then "{run id}/{batch}/{attempt}" for retries. A fresh key
    /// gets a fresh placement among the silos alive now, where the old key might still point at a silo that died.
    /// </summary>
    private IMonteCarloBatchGrain BatchGrain(int batch, int attempt) => GrainFactory.GetGrain<IMonteCarloBatchGrain>(attempt == 1
        ? string.Create(CultureInfo.InvariantCulture, $"{this.GetPrimaryKeyString()}/{batch}")
        : string.Create(CultureInfo.InvariantCulture, $"{this.GetPrimaryKeyString()}/{batch}/{attempt}"));

    private void Finish(ScenarioRunStatus status, string? error)
    {
        _status = status;
        _error = error;
        _finishedAt = clock.Now;
        DelayDeactivation(KeepFinished);
    }
}
