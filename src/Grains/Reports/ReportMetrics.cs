using System.Diagnostics.Metrics;
using SmartCity.Grains.Telemetry;

namespace SmartCity.Grains.Reports;

/// <summary>
/// The report instruments of the SmartCity meter. Each report grain records its own milestones once,
/// when they are stored: filing, first acknowledgement, first resolution, each escalation. Times run by
/// the city clock, from filing, as in the supervision figures (docs/supervision.md).
/// </summary>
public sealed class ReportMetrics
{
    // Deadlines run from an hour to weeks: buckets from a minute to four weeks.
    private static readonly double[] DurationBuckets =
        [60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400, 172800, 259200, 604800, 1209600, 2419200];

    private readonly Counter<long> _filed;
    private readonly Histogram<double> _timeToAcknowledge;
    private readonly Histogram<double> _timeToResolve;
    private readonly Counter<long> _escalations;

    public ReportMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(SmartCityMeter.Name);
        var advice = new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets };
        _filed = meter.CreateCounter<long>("smartcity.reports.filed", "{report}", "Citizen reports filed, by category.");
        _timeToAcknowledge = meter.CreateHistogram(
            "smartcity.reports.time_to_acknowledge", "s", "From filing to the first acknowledgement, by category.", advice: advice);
        _timeToResolve = meter.CreateHistogram(
            "smartcity.reports.time_to_resolve", "s", "From filing to the first resolution, by category.", advice: advice);
        _escalations = meter.CreateCounter<long>(
            "smartcity.reports.escalations", "{escalation}",
            "Missed deadlines escalated, by level (1: the accountable official's supervisor) and deadline (acknowledge, resolve).");
    }

    public void Filed(ReportState report) => _filed.Add(1, Category(report));

    /// <summary>Records the milestones a stored change reached that the report had not reached <paramref name="before"/>.</summary>
    public void Changed(ReportMilestones before, ReportState after)
    {
        if (!before.Acknowledged && after.FirstAcknowledgedAt is { } acknowledgedAt)
        {
            _timeToAcknowledge.Record((acknowledgedAt - after.CreatedAt).TotalSeconds, Category(after));
        }
        if (!before.Resolved && after.FirstResolvedAt is { } resolvedAt)
        {
            _timeToResolve.Record((resolvedAt - after.CreatedAt).TotalSeconds, Category(after));
        }
        foreach (var escalation in after.Escalations.Skip(before.Escalations))
        {
            _escalations.Add(1,
                new KeyValuePair<string, object?>("level", escalation.Level.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new KeyValuePair<string, object?>("deadline", escalation.Deadline == DeadlineKind.Acknowledge ? "acknowledge" : "resolve"));
        }
    }

    private static KeyValuePair<string, object?> Category(ReportState report) => new("category", report.Category);
}

/// <summary>What a report had reached before a change: compared with after it, says what to record.</summary>
public readonly record struct ReportMilestones(bool Acknowledged, bool Resolved, int Escalations)
{
    public static ReportMilestones Of(ReportState report) =>
        new(report.FirstAcknowledgedAt is not null, report.FirstResolvedAt is not null, report.Escalations.Count);
}
