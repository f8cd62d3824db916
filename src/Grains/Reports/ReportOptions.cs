namespace SmartCity.Grains.Reports;

/// <summary>Rules of citizen reports that a city may tune (configuration section "Reports").</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>A citizen may reopen a resolved report for this long; after it the report closes.</summary>
    public TimeSpan ReopenWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How often a report's reminder fires again after it is first due, as a safety net should a
    /// check fail; never below Orleans' minimum reminder period (Reminders:MinimumPeriod).
    /// </summary>
    public TimeSpan DeadlineRecheck { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many levels up an overdue report climbs: 1 is the accountable official's supervisor,
    /// 2 that supervisor's own supervisor. Level n of a deadline fires (n - 1) deadline lengths after it.
    /// </summary>
    public int EscalationLevels { get; set; } = 2;
}
