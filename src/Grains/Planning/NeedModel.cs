namespace SmartCity.Grains.Planning;

/// <summary>
/// Demand, capacity and gap of each need for a cell in a year, from its residents (docs/planning-model.md,
/// "Demand and gaps"). Every demand and gap is a non-decreasing function of the residents, which is what lets the
/// Monte Carlo summary take their percentiles from the percentiles of the residents.
/// </summary>
public sealed class NeedModel(ScenarioTimeline timeline)
{
    private readonly DemandRatios _ratios = timeline.Scenario.Demand;
    private readonly ReportHandling _reports = timeline.Scenario.Reports;

    public ScenarioTimeline Timeline => timeline;

    public double HouseholdSize(int yearIndex, int cell) => timeline.HouseholdSize[yearIndex * timeline.CellCount + cell];

    public double Households(int yearIndex, int cell, double residents) => residents / HouseholdSize(yearIndex, cell);

    /// <summary>
    /// Public toilets: max(area × toilets per km², residents / residents per toilet). Parking spaces: households ×
    /// spaces per household. Service-hall throughput: residents × visits per year / working days. Officials:
    /// households / households per official. Acknowledge time: the expected wait W_q in hours.
    /// </summary>
    public double Demand(Need need, int yearIndex, int cell, double residents) => need switch
    {
        Need.PublicToilets => Math.Max(timeline.AreaKm2[cell] * _ratios.ToiletsPerKm2, residents / _ratios.ResidentsPerToilet),
        Need.ParkingSpaces => Households(yearIndex, cell, residents) * _ratios.ParkingSpacesPerHousehold,
        Need.ServiceHallThroughput => residents * _ratios.ServiceHallVisitsPerResidentPerYear / _ratios.ServiceHallWorkingDaysPerYear,
        Need.Officials => Households(yearIndex, cell, residents) / _ratios.HouseholdsPerOfficial,
        Need.AcknowledgeTime => ErlangC.MeanWait(Officials(yearIndex, cell), ReportsPerDutyHour(residents), ReportsPerOfficialHour),
        _ => throw new ArgumentOutOfRangeException(nameof(need), need, null),
    };

    public double Capacity(Need need, int yearIndex, int cell) => timeline.Capacity(need, yearIndex, cell);

    /// <summary>Demand − capacity; the cell is short when above zero (infinite when the report queue is unstable).</summary>
    public double Gap(Need need, int yearIndex, int cell, double residents) => Demand(need, yearIndex, cell, residents) - Capacity(need, yearIndex, cell);

    /// <summary>Share of reports acknowledged after the deadline: P(W_q > T) = C(c, a)·e^(−(cμ − λ)T).</summary>
    public double LateShare(int yearIndex, int cell, double residents) => ErlangC.ProbabilityWaitExceeds(
        Officials(yearIndex, cell), ReportsPerDutyHour(residents), ReportsPerOfficialHour, Capacity(Need.AcknowledgeTime, yearIndex, cell));

    /// <summary>
    /// λ: the day's reports λ_day = residents × reports per resident per year / 365, taken to arrive during the
    /// officials' duty hours, so the queue's clock runs in duty hours (overnight reports waiting until morning are
    /// not modelled).
    /// </summary>
    public double ReportsPerDutyHour(double residents) => residents * _reports.ReportsPerResidentPerYear / 365 / _reports.DutyHoursPerDay;

    /// <summary>μ: reports one official handles per hour.</summary>
    public double ReportsPerOfficialHour => 60 / _reports.HandlingMinutes;

    private int Officials(int yearIndex, int cell) => timeline.Officials[yearIndex * timeline.CellCount + cell];
}
