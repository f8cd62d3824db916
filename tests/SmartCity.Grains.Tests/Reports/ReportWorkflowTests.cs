using SmartCity.Grains.City;
using SmartCity.Grains.Geo;
using SmartCity.Grains.Reports;

namespace SmartCity.Grains.Tests.Reports;

public sealed class ReportWorkflowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);
    private static readonly ReportCatalog Catalog = ReportCatalog.Default;
    private static readonly ReportCategory Pothole = Catalog.Category("road-damage")!;
    private readonly ReportOptions _options = new() { ReopenWindow = TimeSpan.FromDays(7), EscalationLevels = 2 };
    private readonly ReportWorkflow _workflow;
    private readonly GridCellDefinition _cell = TestCity.Map.Definition.GridCells[17];

    public ReportWorkflowTests() => _workflow = new ReportWorkflow(TestCity.Map, Catalog, _options);

    private string GridOfficial => _cell.OfficialId;

    private static string Supervisor(string official) => TestCity.Map.Official(official)!.SupervisorId!;

    private NewReport Pothole_in_cell(GeoPoint? at = null) => new(
        "road-damage", "Deep pothole in the cycle lane", at ?? _cell.Boundary.Centroid, null,
        new ReportContact("Li Wei", "13800000000", null), "citizen-1", new Dictionary<string, string> { ["danger"] = "yes" }, null);

    private ReportState Submitted()
    {
        var state = new ReportState();
        Assert.Null(_workflow.Submit(state, "261125-ABCDEF", Pothole_in_cell(), T0));
        return state;
    }

    [Fact]
    public void Report_is_routed_to_the_official_of_the_cell_containing_it_with_the_category_deadlines()
    {
        var state = Submitted();

        Assert.Equal(_cell.Id, state.GridCellId);
        Assert.Equal(_cell.DistrictId, state.DistrictId);
        Assert.Equal(_cell.Community, state.Community);
        Assert.Equal(GridOfficial, state.AssigneeId);
        Assert.Equal(ReportStatus.Submitted, state.Status);
        Assert.Equal(T0 + Pothole.AcknowledgeWithin, state.AcknowledgeBy);
        Assert.Equal(T0 + Pothole.ResolveWithin, state.ResolveBy);
        var submitted = Assert.Single(state.Events);
        Assert.Equal((1, ReportEventKind.Submitted, ReportWorkflow.Citizen, T0), (submitted.Sequence, submitted.Kind, submitted.Actor, submitted.At));
    }

    [Theory]
    [InlineData("category", "parking-ticket", "A pothole", 30.2, 120.1)]
    [InlineData("description", "road-damage", "   ", 30.2, 120.1)]
    [InlineData("location", "road-damage", "A pothole", 10.0, 10.0)]
    public void Bad_report_is_refused_naming_the_field(string field, string category, string description, double lat, double lon)
    {
        var state = new ReportState();
        var report = Pothole_in_cell() with { Category = category, Description = description };
        if (field == "location") report = report with { Location = new GeoPoint(lat, lon) };

        var refusal = _workflow.Submit(state, "261125-ABCDEF", report, T0);

        Assert.Equal((RefusalKind.Invalid, field), (refusal?.Kind, refusal?.Field));
    }

    [Fact]
    public void Missing_required_attribute_is_refused()
    {
        var refusal = _workflow.Submit(new ReportState(), "261125-ABCDEF", Pothole_in_cell() with { Attributes = null }, T0);

        Assert.Equal("attributes.danger", refusal?.Field);
    }

    [Fact]
    public void Official_of_another_grid_may_not_act_and_nothing_changes()
    {
        var state = Submitted();
        string stranger = TestCity.Map.Definition.GridCells.First(c => c.OfficialId != GridOfficial).OfficialId;

        var refusal = ReportWorkflow.Acknowledge(state, stranger, null, T0.AddMinutes(5));

        Assert.Equal((RefusalKind.Forbidden, "actorId"), (refusal?.Kind, refusal?.Field));
        Assert.Equal(ReportStatus.Submitted, state.Status);
        Assert.Single(state.Events);
    }

    [Fact]
    public void Acknowledging_twice_is_a_conflict()
    {
        var state = Submitted();
        Assert.Null(ReportWorkflow.Acknowledge(state, GridOfficial, "On my way.", T0.AddMinutes(10)));

        var refusal = ReportWorkflow.Acknowledge(state, GridOfficial, null, T0.AddMinutes(11));

        Assert.Equal(RefusalKind.Conflict, refusal?.Kind);
        Assert.Equal(T0.AddMinutes(10), state.FirstAcknowledgedAt);
    }

    [Fact]
    public void Every_step_is_an_event_with_time_actor_and_text()
    {
        var state = Submitted();
        ReportWorkflow.Acknowledge(state, GridOfficial, "Seen it.", T0.AddMinutes(10));
        ReportWorkflow.AddNote(state, GridOfficial, "Road crew booked for tomorrow.", T0.AddMinutes(20));
        ReportWorkflow.Resolve(state, GridOfficial, "Filled and sealed.", T0.AddHours(20));
        ReportWorkflow.Rate(state, "citizen-1", 4, "Quick, thanks.", T0.AddHours(21));

        Assert.Equal(
            [ReportEventKind.Submitted, ReportEventKind.Acknowledged, ReportEventKind.Noted, ReportEventKind.Resolved, ReportEventKind.Rated],
            state.Events.Select(e => e.Kind));
        Assert.Equal([1, 2, 3, 4, 5], state.Events.Select(e => e.Sequence));
        Assert.Equal("Road crew booked for tomorrow.", state.Events[2].Text);
        Assert.Equal(GridOfficial, state.Events[3].Actor);
        Assert.Equal(4, state.Rating);
    }

    [Fact]
    public void Only_the_reporter_may_rate_once_with_one_to_five_stars()
    {
        var state = Submitted();
        Assert.Equal(RefusalKind.Conflict, ReportWorkflow.Rate(state, "citizen-1", 5, null, T0.AddHours(1))?.Kind);
        ReportWorkflow.Resolve(state, GridOfficial, "Fixed.", T0.AddHours(2));

        Assert.Equal(RefusalKind.Forbidden, ReportWorkflow.Rate(state, "citizen-2", 5, null, T0.AddHours(3))?.Kind);
        Assert.Equal(RefusalKind.Invalid, ReportWorkflow.Rate(state, "citizen-1", 6, null, T0.AddHours(3))?.Kind);
        Assert.Null(ReportWorkflow.Rate(state, "citizen-1", 2, "Patchy.", T0.AddHours(3)));
        Assert.Equal(RefusalKind.Conflict, ReportWorkflow.Rate(state, "citizen-1", 5, null, T0.AddHours(4))?.Kind);
        Assert.Equal(2, state.Rating);
    }

    [Fact]
    public void Reopening_within_the_window_starts_a_new_round_with_new_deadlines()
    {
        var state = Submitted();
        ReportWorkflow.Resolve(state, GridOfficial, "Fixed.", T0.AddHours(2));
        var reopenedAt = T0.AddDays(3);

        Assert.Null(_workflow.Reopen(state, "citizen-1", "The hole is back after the rain.", reopenedAt));

        Assert.Equal(ReportStatus.Reopened, state.Status);
        Assert.Equal((1, 1), (state.Round, state.ReopenCount));
        Assert.Equal(reopenedAt + Pothole.AcknowledgeWithin, state.AcknowledgeBy);
        Assert.Equal(T0 + Pothole.ResolveWithin, state.FirstResolveBy);
        Assert.Equal(T0.AddHours(2), state.FirstResolvedAt);
    }

    [Fact]
    public void Reopening_after_the_window_is_refused_and_the_report_closes()
    {
        var state = Submitted();
        ReportWorkflow.Resolve(state, GridOfficial, "Fixed.", T0.AddHours(2));
        var afterWindow = T0.AddHours(2) + _options.ReopenWindow + TimeSpan.FromMinutes(1);

        Assert.Equal(RefusalKind.Conflict, _workflow.Reopen(state, "citizen-1", "Still broken.", afterWindow)?.Kind);
        Assert.True(_workflow.ApplyDueDeadlines(state, afterWindow));

        Assert.Equal(ReportStatus.Closed, state.Status);
        Assert.Null(_workflow.NextWakeUp(state));
        Assert.Equal(RefusalKind.Conflict, ReportWorkflow.AddNote(state, GridOfficial, "Late note.", afterWindow)?.Kind);
        Assert.Equal(RefusalKind.Conflict, _workflow.Reopen(state, "citizen-1", "Still broken.", afterWindow)?.Kind);
    }

    [Fact]
    public void Missed_acknowledgement_escalates_to_the_supervisor_once_then_one_level_up()
    {
        var state = Submitted();
        var ackDue = state.AcknowledgeBy;
        string supervisor = Supervisor(GridOfficial), top = Supervisor(supervisor);

        Assert.False(_workflow.ApplyDueDeadlines(state, ackDue - TimeSpan.FromSeconds(1)));
        Assert.True(_workflow.ApplyDueDeadlines(state, ackDue));
        Assert.False(_workflow.ApplyDueDeadlines(state, ackDue + TimeSpan.FromMinutes(1)));
        Assert.Equal(ackDue + Pothole.AcknowledgeWithin, _workflow.NextWakeUp(state));
        Assert.True(_workflow.ApplyDueDeadlines(state, ackDue + Pothole.AcknowledgeWithin));

        Assert.Equal(
            [(DeadlineKind.Acknowledge, 1, supervisor), (DeadlineKind.Acknowledge, 2, top)],
            state.Escalations.Select(e => (e.Deadline, e.Level, e.ToOfficialId!)));
        Assert.Equal(2, state.Events.Count(e => e.Kind == ReportEventKind.Escalated && e.Actor == ReportWorkflow.System));
    }

    [Fact]
    public void Escalation_catches_up_at_once_after_a_long_sleep_but_each_level_fires_once()
    {
        var state = Submitted();

        Assert.True(_workflow.ApplyDueDeadlines(state, T0.AddDays(30)));
        Assert.False(_workflow.ApplyDueDeadlines(state, T0.AddDays(31)));

        Assert.Equal(4, state.Escalations.Count);
        Assert.Equal(state.Escalations.Count, state.Escalations.Select(e => (e.Deadline, e.Round, e.Level)).Distinct().Count());
    }

    [Fact]
    public void Acknowledged_report_waits_only_on_its_resolution_deadline()
    {
        var state = Submitted();
        ReportWorkflow.Acknowledge(state, GridOfficial, null, T0.AddMinutes(30));

        Assert.Equal(state.ResolveBy, _workflow.NextWakeUp(state));
        Assert.False(_workflow.ApplyDueDeadlines(state, state.AcknowledgeBy.AddHours(1)));
        Assert.True(_workflow.ApplyDueDeadlines(state, state.ResolveBy));
        Assert.Equal(DeadlineKind.Resolve, Assert.Single(state.Escalations).Deadline);
    }

    [Fact]
    public void Supervisor_who_received_an_escalation_may_work_the_report()
    {
        var state = Submitted();
        _workflow.ApplyDueDeadlines(state, state.AcknowledgeBy);

        Assert.Null(ReportWorkflow.Acknowledge(state, Supervisor(GridOfficial), "Taking this over.", state.AcknowledgeBy.AddMinutes(1)));
    }

    [Fact]
    public void Passing_on_to_a_department_keeps_the_grid_official_accountable()
    {
        var state = Submitted();

        var refusal = _workflow.PassOn(state, GridOfficial, "department:nowhere", "?", T0);
        Assert.Equal((RefusalKind.Invalid, "to"), (refusal?.Kind, refusal?.Field));
        Assert.Null(_workflow.PassOn(state, GridOfficial, "department:transport", "Needs a road crew.", T0.AddMinutes(5)));

        Assert.Equal("department:transport", state.AssigneeId);
        Assert.Equal(GridOfficial, _workflow.AccountableOfficial(state));
        Assert.Equal(RefusalKind.Forbidden, ReportWorkflow.AddNote(state, GridOfficial, "Chasing them.", T0.AddMinutes(6))?.Kind);
        Assert.Null(ReportWorkflow.Resolve(state, "department:transport", "Resurfaced.", T0.AddHours(5)));
    }

    [Fact]
    public void Summary_carries_no_personal_data()
    {
        var summary = _workflow.Summarize(Submitted());
        string text = System.Text.Json.JsonSerializer.Serialize(summary);

        Assert.DoesNotContain("13800000000", text, StringComparison.Ordinal);
        Assert.DoesNotContain("citizen-1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Li Wei", text, StringComparison.Ordinal);
    }
}
