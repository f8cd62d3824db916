using SmartCity.Grains.City;

namespace SmartCity.Grains.Reports;

/// <summary>
/// The rules of a report's life, without Orleans: who may do what in which status, the deadlines,
/// escalation and closing. Each action either changes the state and appends its event, or returns
/// a refusal and changes nothing.
/// </summary>
public sealed class ReportWorkflow(CityMap city, ReportCatalog catalog, ReportOptions options)
{
    public const string Citizen = "citizen";
    public const string System = "system";

    public ReportRefusal? Submit(ReportState state, string id, NewReport report, DateTimeOffset now)
    {
        var errors = NewReportValidator.Validate(report, city, catalog);
        if (errors.Count > 0)
        {
            var (field, messages) = errors.First();
            return new ReportRefusal(RefusalKind.Invalid, field, messages[0]);
        }
        var category = catalog.Category(report.Category)!;
        var cell = city.GridCellContaining(report.Location)!;

        state.Id = id;
        state.Category = category.Code;
        state.Description = report.Description.Trim();
        state.Location = report.Location;
        state.Address = report.Address;
        state.PhotoUrl = report.PhotoUrl;
        state.Contact = report.Contact;
        state.CitizenId = report.CitizenId;
        state.Attributes = report.Attributes?.ToDictionary() ?? [];
        state.GridCellId = cell.Id;
        state.Community = cell.Community;
        state.DistrictId = cell.DistrictId;
        state.RoutedOfficialId = cell.OfficialId;
        state.AssigneeId = cell.OfficialId;
        state.Status = ReportStatus.Submitted;
        state.CreatedAt = now;
        StartRound(state, category, now);
        state.FirstResolveBy = state.ResolveBy;
        AddEvent(state, now, Citizen, ReportEventKind.Submitted, $"Reported in {cell.Name}; routed to {cell.OfficialId}.");
        return null;
    }

    public static ReportRefusal? Acknowledge(ReportState state, string actor, string? text, DateTimeOffset now)
    {
        if (CheckOfficialMayAct(state, actor) is { } refusal) return refusal;
        if (state.Status == ReportStatus.Acknowledged)
            return new ReportRefusal(RefusalKind.Conflict, "status", "The report is already acknowledged.");
        state.Status = ReportStatus.Acknowledged;
        state.FirstAcknowledgedAt ??= now;
        AddEvent(state, now, actor, ReportEventKind.Acknowledged, text ?? "Acknowledged.");
        return null;
    }

    public static ReportRefusal? AddNote(ReportState state, string actor, string text, DateTimeOffset now)
    {
        if (CheckOfficialMayAct(state, actor) is { } refusal) return refusal;
        AddEvent(state, now, actor, ReportEventKind.Noted, text);
        return null;
    }

    public static ReportRefusal? Resolve(ReportState state, string actor, string resolution, DateTimeOffset now)
    {
        if (CheckOfficialMayAct(state, actor) is { } refusal) return refusal;
        // Fixing a problem at once acknowledges it too.
        state.FirstAcknowledgedAt ??= now;
        state.FirstResolvedAt ??= now;
        state.ResolvedAt = now;
        state.Resolution = resolution;
        state.Status = ReportStatus.Resolved;
        AddEvent(state, now, actor, ReportEventKind.Resolved, resolution);
        return null;
    }

    public ReportRefusal? PassOn(ReportState state, string actor, string toId, string reason, DateTimeOffset now)
    {
        if (CheckOfficialMayAct(state, actor) is { } refusal) return refusal;
        if (city.Official(toId) is null && catalog.Department(toId) is null)
            return new ReportRefusal(RefusalKind.Invalid, "to", $"'{toId}' is neither an official of the city nor a department.");
        if (toId == state.AssigneeId)
            return new ReportRefusal(RefusalKind.Invalid, "to", $"The report is already with '{toId}'.");
        string from = state.AssigneeId;
        state.AssigneeId = toId;
        AddEvent(state, now, actor, ReportEventKind.PassedOn, $"Passed on from {from} to {toId}: {reason}");
        return null;
    }

    public static ReportRefusal? Rate(ReportState state, string? citizenId, int stars, string? comment, DateTimeOffset now)
    {
        if (CheckIsReporter(state, citizenId) is { } refusal) return refusal;
        if (state.Status is not (ReportStatus.Resolved or ReportStatus.Closed))
            return new ReportRefusal(RefusalKind.Conflict, "status", "Only a resolved report can be rated.");
        if (state.Rating is not null)
            return new ReportRefusal(RefusalKind.Conflict, "stars", "The report has already been rated.");
        if (stars is < 1 or > 5)
            return new ReportRefusal(RefusalKind.Invalid, "stars", "'stars' must be a whole number from 1 to 5.");
        state.Rating = stars;
        state.RatingComment = comment;
        AddEvent(state, now, Citizen, ReportEventKind.Rated, $"{stars} of 5.");
        return null;
    }

    public ReportRefusal? Reopen(ReportState state, string? citizenId, string reason, DateTimeOffset now)
    {
        if (CheckIsReporter(state, citizenId) is { } refusal) return refusal;
        if (state.Status != ReportStatus.Resolved)
            return new ReportRefusal(RefusalKind.Conflict, "status", state.Status == ReportStatus.Closed
                ? $"The report closed {options.ReopenWindow.TotalDays:0.#} days after it was resolved; file a new report."
                : "Only a resolved report can be reopened.");
        if (now >= state.ResolvedAt + options.ReopenWindow)
            return new ReportRefusal(RefusalKind.Conflict, "status", "The reopen window has passed; file a new report.");
        state.Round++;
        state.ReopenCount++;
        state.Status = ReportStatus.Reopened;
        StartRound(state, catalog.Category(state.Category)!, now);
        // The reason is the citizen's own words about the problem: public like the description.
        AddEvent(state, now, Citizen, ReportEventKind.Reopened, reason);
        return null;
    }

    /// <summary>Fires every escalation that is due and closes a report past its reopen window. True if anything changed.</summary>
    public bool ApplyDueDeadlines(ReportState state, DateTimeOffset now)
    {
        bool changed = false;
        if (state.Status == ReportStatus.Resolved && now >= state.ResolvedAt + options.ReopenWindow)
        {
            state.Status = ReportStatus.Closed;
            AddEvent(state, now, System, ReportEventKind.Closed, "Closed: the reopen window has passed.");
            return true;
        }
        foreach (var (deadline, level, dueAt) in PendingEscalations(state))
        {
            if (now < dueAt) break;
            string? target = EscalationTarget(state, level);
            state.Escalations.Add(new Escalation(deadline, state.Round, level, target, now));
            string what = deadline == DeadlineKind.Acknowledge ? "acknowledgement" : "resolution";
            AddEvent(state, now, System, ReportEventKind.Escalated, target is null
                ? $"The {what} deadline is missed (level {level}); there is no one higher to escalate to."
                : $"The {what} deadline is missed; escalated to {target} (level {level}).");
            changed = true;
        }
        return changed;
    }

    /// <summary>When the report next needs a look by the clock: its next escalation or its closing; null when never.</summary>
    public DateTimeOffset? NextWakeUp(ReportState state) => state.Status switch
    {
        ReportStatus.Resolved => state.ResolvedAt + options.ReopenWindow,
        ReportStatus.Closed => null,
        _ => PendingEscalations(state).Select(e => (DateTimeOffset?)e.DueAt).FirstOrDefault(),
    };

    /// <summary>The escalations of the deadline the report waits on that have not fired yet, earliest first.</summary>
    private IEnumerable<(DeadlineKind Deadline, int Level, DateTimeOffset DueAt)> PendingEscalations(ReportState state)
    {
        var category = catalog.Category(state.Category);
        if (category is null) yield break;
        // A report not yet acknowledged in this round waits on both deadlines; the acknowledgement comes first.
        var deadlines = state.Status switch
        {
            ReportStatus.Submitted or ReportStatus.Reopened => new[]
            {
                (DeadlineKind.Acknowledge, state.AcknowledgeBy, category.AcknowledgeWithin),
                (DeadlineKind.Resolve, state.ResolveBy, category.ResolveWithin),
            },
            ReportStatus.Acknowledged => [(DeadlineKind.Resolve, state.ResolveBy, category.ResolveWithin)],
            _ => [],
        };
        var pending = new List<(DeadlineKind, int, DateTimeOffset)>();
        foreach (var (kind, due, length) in deadlines)
        {
            for (int level = 1; level <= options.EscalationLevels; level++)
            {
                if (!state.Escalations.Any(e => e.Deadline == kind && e.Round == state.Round && e.Level == level))
                    pending.Add((kind, level, due + length * (level - 1)));
            }
        }
        foreach (var escalation in pending.OrderBy(p => p.Item3)) yield return escalation;
    }

    /// <summary>Level 1 is the accountable official's supervisor, level 2 that person's supervisor, and so on.</summary>
    private string? EscalationTarget(ReportState state, int level)
    {
        string? official = AccountableOfficial(state);
        for (int i = 0; i < level && official is not null; i++) official = city.Official(official)?.SupervisorId;
        return official;
    }

    /// <summary>The official who answers for the report: its assignee, or the grid's official while a department holds it.</summary>
    public string AccountableOfficial(ReportState state) =>
        city.Official(state.AssigneeId) is null ? state.RoutedOfficialId : state.AssigneeId;

    private static ReportRefusal? CheckOfficialMayAct(ReportState state, string actor)
    {
        if (state.Status is ReportStatus.Resolved or ReportStatus.Closed)
            return new ReportRefusal(RefusalKind.Conflict, "status", $"The report is {state.Status.ToString().ToLowerInvariant()}; it can no longer be worked.");
        bool allowed = actor == state.AssigneeId || state.Escalations.Any(e => e.ToOfficialId == actor);
        return allowed ? null : new ReportRefusal(RefusalKind.Forbidden, "actorId",
            $"'{actor}' neither holds this report (it is with {state.AssigneeId}) nor received it by escalation.");
    }

    private static ReportRefusal? CheckIsReporter(ReportState state, string? citizenId) =>
        state.CitizenId is null || state.CitizenId == citizenId
            ? null
            : new ReportRefusal(RefusalKind.Forbidden, "citizenId", "Only the citizen who filed the report may do this.");

    private static void StartRound(ReportState state, ReportCategory category, DateTimeOffset now)
    {
        state.RoundStartedAt = now;
        state.AcknowledgeBy = now + category.AcknowledgeWithin;
        state.ResolveBy = now + category.ResolveWithin;
    }

    private static void AddEvent(ReportState state, DateTimeOffset at, string actor, ReportEventKind kind, string text) =>
        state.Events.Add(new ReportEvent(state.Events.Count + 1, at, actor, kind, text));

    public ReportSummary Summarize(ReportState state) => new(
        state.Id, state.Category, state.Description, state.Location, state.Address, state.PhotoUrl,
        state.GridCellId, state.Community, state.DistrictId, state.AssigneeId, AccountableOfficial(state),
        state.Escalations.Where(e => e.ToOfficialId is not null).Select(e => e.ToOfficialId!).Distinct().ToArray(),
        state.Status, state.CreatedAt, state.Events[^1].At, state.AcknowledgeBy, state.ResolveBy, state.FirstResolveBy,
        state.FirstAcknowledgedAt, state.FirstResolvedAt, state.ResolvedAt, state.Resolution, state.Rating,
        state.ReopenCount, state.Events.Count);

    public ReportDetails Details(ReportState state) => new(
        Summarize(state), state.Events.ToArray(), state.Attributes.ToDictionary(), state.RatingComment, state.CitizenId, state.Contact);
}
