using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using SmartCity.Grains.Reports;

namespace SmartCity.Grains.Events;

/// <summary>
/// A report folded from its logged steps (<see cref="ReportEventLog"/>), in event-time order: where it
/// stood, who held it, what escalated. Status follows <see cref="ReportWorkflow"/>: each of submitted,
/// acknowledged, resolved, reopened and closed sets it; notes, passing on, escalations and ratings
/// leave it. The log names the first holder (routedTo of step 1); a passed-on step says the new one
/// only in its text, which the workflow writes as "Passed on from {from} to {to}: {reason}".
/// </summary>
public sealed partial class ReportStateFold
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly List<ReportStepAt> _steps = [];
    private readonly List<ReportEscalationAt> _escalations = [];

    /// <summary>Null until the first step: the report did not exist yet.</summary>
    public ReportStatus? Status { get; private set; }

    public string? Category { get; private set; }

    public string? GridCellId { get; private set; }

    public string? DistrictId { get; private set; }

    /// <summary>Who held the report: an official or a department.</summary>
    public string? AssigneeId { get; private set; }

    /// <summary>First acknowledged; resolving acknowledges too, as in the workflow.</summary>
    public DateTimeOffset? AcknowledgedAt { get; private set; }

    /// <summary>Last resolved; like the report's own, it stays when the report is reopened.</summary>
    public DateTimeOffset? ResolvedAt { get; private set; }

    public IReadOnlyList<ReportEscalationAt> Escalations => _escalations;

    public IReadOnlyList<ReportStepAt> Steps => _steps;

    public void Apply(LoggedEvent e)
    {
        if (e.Type != EventTypes.Report) return;
        var step = JsonSerializer.Deserialize<LoggedStep>(e.Payload, Json)
            ?? throw new InvalidOperationException($"Event {e.Sequence} is a report step without a payload.");
        _steps.Add(new ReportStepAt(step.Step, step.Kind, step.Actor, step.Text, e.EventTime, e.Sequence));
        Category = step.Category;
        GridCellId = e.GridCellId ?? GridCellId;
        DistrictId = e.DistrictId ?? DistrictId;
        switch (step.Kind)
        {
            case ReportEventKind.Submitted:
                Status = ReportStatus.Submitted;
                AssigneeId = step.RoutedTo ?? AssigneeId;
                break;
            case ReportEventKind.Acknowledged:
                Status = ReportStatus.Acknowledged;
                AcknowledgedAt ??= e.EventTime;
                break;
            case ReportEventKind.Resolved:
                Status = ReportStatus.Resolved;
                AcknowledgedAt ??= e.EventTime;
                ResolvedAt = e.EventTime;
                break;
            case ReportEventKind.Reopened:
                Status = ReportStatus.Reopened;
                break;
            case ReportEventKind.Closed:
                Status = ReportStatus.Closed;
                break;
            case ReportEventKind.PassedOn when PassedOn().Match(step.Text) is { Success: true } passed:
                AssigneeId = passed.Groups["to"].Value;
                break;
            case ReportEventKind.Escalated:
                _escalations.Add(EscalationOf(e.EventTime, step.Text));
                break;
        }
    }

    /// <summary>
    /// The workflow writes "The {acknowledgement|resolution} deadline is missed; escalated to {official} (level {n})."
    /// or, with no one higher, "... is missed (level {n}); there is no one higher to escalate to."
    /// </summary>
    private static ReportEscalationAt EscalationOf(DateTimeOffset at, string text)
    {
        DeadlineKind? deadline = text.Contains("acknowledgement", StringComparison.Ordinal) ? DeadlineKind.Acknowledge
            : text.Contains("resolution", StringComparison.Ordinal) ? DeadlineKind.Resolve : null;
        var level = Level().Match(text);
        var target = EscalatedTo().Match(text);
        return new ReportEscalationAt(
            at, deadline,
            level.Success ? int.Parse(level.Groups["level"].Value, CultureInfo.InvariantCulture) : null,
            target.Success ? target.Groups["to"].Value : null);
    }

    [GeneratedRegex(@"^Passed on from \S+ to (?<to>\S+): ", RegexOptions.CultureInvariant)]
    private static partial Regex PassedOn();

    [GeneratedRegex(@"\(level (?<level>\d{1,3})\)", RegexOptions.CultureInvariant)]
    private static partial Regex Level();

    [GeneratedRegex(@"escalated to (?<to>\S+) \(level", RegexOptions.CultureInvariant)]
    private static partial Regex EscalatedTo();

    /// <summary>The public fields of a step as ReportEventLog writes them.</summary>
    private sealed record LoggedStep(int Step, ReportEventKind Kind, string Actor, string Text, string Category, string? RoutedTo);
}

/// <summary>One step of a report as the log holds it.</summary>
public sealed record ReportStepAt(int Step, ReportEventKind Kind, string Actor, string Text, DateTimeOffset At, long Sequence);

/// <summary>An escalation that had fired: which deadline, how far up, to whom (null: no one higher).</summary>
public sealed record ReportEscalationAt(DateTimeOffset At, DeadlineKind? Deadline, int? Level, string? ToOfficialId);
