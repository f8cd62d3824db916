using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartCity.Grains.Events;
using SmartCity.Grains.Persistence;

namespace SmartCity.Grains.Reports;

/// <summary>
/// A citizen report. What a person submits is written to storage before they get an answer; a
/// failed write rolls the grain back to what storage holds, so nothing is half applied. A durable
/// reminder wakes the report at its next deadline, also after a silo restart (on a replay's virtual
/// clock, the replay wakes it: see <see cref="IReportWakeUps"/>).
/// After every change the reminder first comes back soon, once the district ledger has surely
/// written the change: should a crash have taken the ledger's copy, the report publishes it again.
/// </summary>
public sealed class ReportGrain(
    [PersistentState("report", StorageNames.Twin)] IPersistentState<ReportState> state,
    ReportWorkflow workflow,
    CityClock clock,
    IReportWakeUps wakeUps,
    IOptions<TwinOptions> twinOptions,
    ReportMetrics metrics,
    IEventLog eventLog,
    ILogger<ReportGrain> logger) : Grain, IReportGrain, IRemindable
{
    private DateTimeOffset? _reminderDueAt;

    /// <summary>How many of the report's events this activation knows to be in the event log.</summary>
    private int _loggedEvents;

    private string Id => this.GetPrimaryKeyString()["report:".Length..];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The ledger may have missed this report's last change if a silo died between the write and
        // the publish; publishing again is harmless (the ledger keeps the highest version).
        if (state.RecordExists) await PublishAsync();
    }

    public async Task<ReportOutcome> SubmitAsync(NewReport report)
    {
        if (state.RecordExists) return ReportOutcome.Refused(RefusalKind.Conflict, "id", $"Report '{Id}' already exists.");
        var now = clock.Now;
        if (workflow.Submit(state.State, Id, report, now) is { } refusal)
        {
            state.State = new ReportState();
            return new ReportOutcome(null, refusal);
        }
        // The reminder goes first: should the report's own write then fail, the reminder finds no
        // report and removes itself; the other way round, a stored report could miss its deadlines.
        try
        {
            await ScheduleAsync(afterChange: true);
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = new ReportState();
            throw;
        }
        await PublishAsync();
        await LogEventsAsync();
        metrics.Filed(state.State);
        return ReportOutcome.Done(workflow.Details(state.State));
    }

    public Task<ReportDetails?> GetAsync() =>
        Task.FromResult(state.RecordExists ? workflow.Details(state.State) : null);

    public Task<ReportOutcome> AcknowledgeAsync(string actorId, string? text) =>
        ActAsync((report, now) => ReportWorkflow.Acknowledge(report, actorId, text, now));

    public Task<ReportOutcome> AddNoteAsync(string actorId, string text) =>
        ActAsync((report, now) => ReportWorkflow.AddNote(report, actorId, text, now));

    public Task<ReportOutcome> ResolveAsync(string actorId, string resolution) =>
        ActAsync((report, now) => ReportWorkflow.Resolve(report, actorId, resolution, now));

    public Task<ReportOutcome> PassOnAsync(string actorId, string toId, string reason) =>
        ActAsync((report, now) => workflow.PassOn(report, actorId, toId, reason, now));

    public Task<ReportOutcome> RateAsync(string? citizenId, int stars, string? comment) =>
        ActAsync((report, now) => ReportWorkflow.Rate(report, citizenId, stars, comment, now));

    public Task<ReportOutcome> ReopenAsync(string? citizenId, string reason) =>
        ActAsync((report, now) => workflow.Reopen(report, citizenId, reason, now));

    public async Task CheckDeadlinesAsync()
    {
        if (!state.RecordExists)
        {
            await StopReminderAsync();
            return;
        }
        var before = ReportMilestones.Of(state.State);
        bool changed = workflow.ApplyDueDeadlines(state.State, clock.Now);
        if (changed)
        {
            await SaveAsync();
            metrics.Changed(before, state.State);
        }
        else
        {
            // The tick after a change: make sure the ledger and the event log have it all, even
            // if a crash came between the report's write and theirs. Both take repeats harmlessly.
            await PublishAsync();
            _loggedEvents = 0;
        }
        await LogEventsAsync();
        await RescheduleAsync(afterChange: changed);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => CheckDeadlinesAsync();

    private async Task<ReportOutcome> ActAsync(Func<ReportState, DateTimeOffset, ReportRefusal?> action)
    {
        if (!state.RecordExists) return ReportOutcome.Refused(RefusalKind.NotFound, "id", $"There is no report '{Id}'.");
        var before = ReportMilestones.Of(state.State);
        // The rules check everything before they touch the state, so a refusal has changed nothing.
        if (action(state.State, clock.Now) is { } refusal) return new ReportOutcome(null, refusal);
        await SaveAsync();
        await LogEventsAsync();
        metrics.Changed(before, state.State);
        await RescheduleAsync(afterChange: true);
        return ReportOutcome.Done(workflow.Details(state.State));
    }

    /// <summary>Writes the changed state, or, if storage fails, goes back to what storage holds and fails the call.</summary>
    private async Task SaveAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
        await PublishAsync();
    }

    /// <summary>
    /// Appends the report's events not yet known to be in the event log. Each carries its step number
    /// as entity version, so one appended twice is logged once. A failure leaves the report as it is
    /// (it is already stored); the reminder's next tick appends again.
    /// </summary>
    private async Task LogEventsAsync()
    {
        var events = state.State.Events;
        if (_loggedEvents >= events.Count) return;
        try
        {
            await eventLog.AppendAsync([.. events.Skip(_loggedEvents).Select(e => ReportEventLog.ToLogged(state.State, e))]);
            _loggedEvents = events.Count;
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Report {Report} could not write its events to the event log; its reminder tries again", Id);
        }
    }

    private async Task PublishAsync()
    {
        try
        {
            var summary = workflow.Summarize(state.State);
            await GrainFactory.GetGrain<IReportLedgerGrain>(ReportLedgerGrain.KeyFor(summary.DistrictId)).UpsertAsync(summary);
        }
        catch (Exception error)
        {
            // The report itself is safe in storage; the ledger catches up when the report next changes or activates.
            logger.LogWarning(error, "Report {Report} could not reach its district ledger", Id);
        }
    }

    /// <summary>Moves the reminder to the report's next deadline; a failure leaves the old one, which still fires.</summary>
    private async Task RescheduleAsync(bool afterChange)
    {
        try
        {
            await ScheduleAsync(afterChange);
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Report {Report} could not move its deadline reminder", Id);
        }
    }

    private async Task ScheduleAsync(bool afterChange)
    {
        var next = workflow.NextWakeUp(state.State);
        if (afterChange)
        {
            // Three write-behind intervals: by then the ledger has written this change, unless its silo died.
            var ledgerCheck = clock.Now + twinOptions.Value.WriteBehindInterval * 3;
            if (next is null || ledgerCheck < next) next = ledgerCheck;
        }
        if (next is null)
        {
            await StopReminderAsync();
            return;
        }
        if (next == _reminderDueAt) return;
        await wakeUps.ScheduleAsync(this, next.Value);
        _reminderDueAt = next;
    }

    private async Task StopReminderAsync()
    {
        await wakeUps.CancelAsync(this);
        _reminderDueAt = null;
    }
}
