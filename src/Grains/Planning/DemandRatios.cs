using SmartCity.Grains.Reports;

namespace SmartCity.Grains.Planning;

/// <summary>
/// Ratios that turn a cell's population into demand. Sources and which numbers are assumptions:
/// docs/planning-model.md, "Demand ratios".
/// </summary>
public sealed record DemandRatios
{
    /// <summary>
    /// Public toilets per km² of cell area: 3, the lower end of the 3–5 per km² for residential land in China's
    /// standard for planning urban environmental sanitation facilities (GB/T 50337-2018; CJJ 14-2016 covers their design).
    /// </summary>
    public double ToiletsPerKm2 { get; init; } = 3;

    /// <summary>Residents served by one public toilet: 2,500, as in local layout plans (assumption; see docs).</summary>
    public double ResidentsPerToilet { get; init; } = 2500;

    /// <summary>Public parking spaces (kerbside and car parks) per household: 0.1 (assumption derived in docs).</summary>
    public double ParkingSpacesPerHousehold { get; init; } = 0.1;

    /// <summary>Service-hall visits per resident per year: 2 (assumption).</summary>
    public double ServiceHallVisitsPerResidentPerYear { get; init; } = 2;

    /// <summary>Days the halls work per year: 250 ≈ 365 − 104 weekend days − 11 statutory holidays.</summary>
    public double ServiceHallWorkingDaysPerYear { get; init; } = 250;

    /// <summary>
    /// Households per grid official: 500, the upper end of the 300–500 households per grid of Chinese urban grid
    /// management practice; above it a grid is split or gets another official.
    /// </summary>
    public double HouseholdsPerOfficial { get; init; } = 500;
}

/// <summary>Reports to grid officials and how fast officials take them up (the M/M/c queue of each cell).</summary>
public sealed record ReportHandling
{
    /// <summary>Reports (citizens' and officials' own patrol findings) per resident per year: 1 (assumption).</summary>
    public double ReportsPerResidentPerYear { get; init; } = 1;

    /// <summary>Mean time an official spends on one report, including the walk to the site: 60 minutes (assumption).</summary>
    public double HandlingMinutes { get; init; } = 60;

    /// <summary>Hours per day an official is on duty; reports are taken to arrive during these hours.</summary>
    public double DutyHoursPerDay { get; init; } = 8;

    /// <summary>The deadline to acknowledge; null takes <see cref="DefaultAcknowledgeDeadlineHours"/>.</summary>
    public double? AcknowledgeDeadlineHours { get; init; }

    /// <summary>The median acknowledge deadline of the shipped report categories (Reports/report-categories.json): 2 h.</summary>
    public static double DefaultAcknowledgeDeadlineHours { get; } = MedianAcknowledgeHours(ReportCatalog.Default);

    public double DeadlineHours => AcknowledgeDeadlineHours ?? DefaultAcknowledgeDeadlineHours;

    private static double MedianAcknowledgeHours(ReportCatalog catalog)
    {
        var hours = catalog.Categories.Select(c => c.AcknowledgeWithin.TotalHours).Order().ToArray();
        return hours.Length % 2 == 1 ? hours[hours.Length / 2] : (hours[hours.Length / 2 - 1] + hours[hours.Length / 2]) / 2;
    }
}
