using System.Globalization;

namespace SmartCity.Grains.Planning;

/// <summary>
/// Runs a scenario's Monte Carlo as grain work: batches of <see cref="RunsPerBatch"/> runs go to batch grains,
/// at most <see cref="BatchesInFlight"/> at a time, and their answers fold into one accumulator here. Every run draws
/// from its own seeded generator, so the projection equals a local run of the same scenario however batches land.
/// State lives in memory only (no storage): a silo restart loses the runs it holds, running or finished.
/// </summary>
public sealed class ScenarioRunGrain(PlanningCity city, CityClock clock) : Grain, IScenarioRunGrain
{
    public const int RunsPerBatch = 16;

    public const int BatchesInFlight = 8;

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

    public Task<bool> StartAsync(string scenarioJson)
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
        DelayDeactivation(KeepWhileRunning);
        // Detached on purpose: callers poll progress while the batches run; the loop interleaves with them at awaits.
        _loop = RunBatchesAsync(scenario, scenarioJson);
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
        new(this.GetPrimaryKeyString(), _status, _runsDone, _runsTotal, _startedAt, _finishedAt, _error);

    private async Task RunBatchesAsync(Scenario scenario, string scenarioJson)
    {
        try
        {
            var accumulator = new MonteCarlo(scenario, city).NewAccumulator();
            int batches = (scenario.Runs + RunsPerBatch - 1) / RunsPerBatch, next = 0;
            var inFlight = new List<Task<IReadOnlyList<RunFigures>>>(BatchesInFlight);
            while (_status == ScenarioRunStatus.Running && (next < batches || inFlight.Count > 0))
            {
                for (; next < batches && inFlight.Count < BatchesInFlight; next++)
                {
                    int first = next * RunsPerBatch;
                    inFlight.Add(BatchGrain(next).RunAsync(scenarioJson, first, Math.Min(RunsPerBatch, scenario.Runs - first)));
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
            _resultJson = PlanningJson.Write(accumulator.ToResult());
            Finish(ScenarioRunStatus.Done, null);
        }
        catch (Exception error)
        {
            // A batch that fails after a cancel changes nothing: the run already ended.
            if (_status == ScenarioRunStatus.Running) Finish(ScenarioRunStatus.Failed, error.Message);
        }
    }

    private IMonteCarloBatchGrain BatchGrain(int batch) =>
        GrainFactory.GetGrain<IMonteCarloBatchGrain>(string.Create(CultureInfo.InvariantCulture, $"{this.GetPrimaryKeyString()}/{batch}"));

    private void Finish(ScenarioRunStatus status, string? error)
    {
        _status = status;
        _error = error;
        _finishedAt = clock.Now;
        DelayDeactivation(KeepFinished);
    }
}
