namespace SmartCity.Grains.Planning;

/// <summary>
/// Turns accumulated runs into a <see cref="PlanningResult"/>. A cell's demands, gaps, households and late share are
/// non-decreasing functions of its residents with everything else fixed for the cell-year, so their percentiles are
/// those functions of the residents' percentiles (a quantile commutes with a non-decreasing map).
/// </summary>
internal sealed class PlanningResultBuilder(
    ScenarioTimeline timeline,
    NeedModel needs,
    CellHistograms residents,
    CellHistograms migrants,
    int[] openingYearCounts,
    IReadOnlyList<CityTotals> cityByRun)
{
    private readonly int _runs = cityByRun.Count;

    public PlanningResult Build()
    {
        var scenario = timeline.Scenario;
        var cells = Enumerable.Range(0, timeline.CellCount).Select(Cell).ToArray();
        var cityYears = Enumerable.Range(0, timeline.Years).Select(t => CityYear(t, cells)).ToArray();
        return new PlanningResult(scenario.Name, timeline.City.Name, scenario.StartYear, scenario.Years, _runs, scenario.Seed, cityYears, cells);
    }

    private CellProjection Cell(int cell)
    {
        var definition = timeline.City.Cells[cell];
        var years = new CellYear[timeline.Years];
        for (int t = 0; t < years.Length; t++)
        {
            var people = residents.Band(t, cell);
            var projections = Needs.All.Select(need => new NeedProjection(
                need,
                people.Map(r => needs.Demand(need, t, cell, r)),
                needs.Capacity(need, t, cell),
                people.Map(r => needs.Gap(need, t, cell, r)))).ToArray();
            years[t] = new CellYear(
                timeline.Scenario.StartYear + t, people, migrants.Band(t, cell),
                people.Map(r => needs.Households(t, cell, r)), projections, people.Map(r => needs.LateShare(t, cell, r)));
        }
        return new CellProjection(definition.Id, definition.DistrictId, years, [.. Needs.All.Select(need => Opening(cell, need))]);
    }

    private GapOpening Opening(int cell, Need need)
    {
        int years = timeline.Years, start = (cell * Needs.Count + (int)need) * (years + 1);
        var perYear = openingYearCounts.AsSpan(start, years).ToArray();
        return new GapOpening(need, _runs, perYear, YearAt(perYear, 0.1), YearAt(perYear, 0.5), YearAt(perYear, 0.9));
    }

    /// <summary>The first year by which at least ⌈p·runs⌉ runs had opened the gap; null if that never happens.</summary>
    private int? YearAt(int[] perYear, double p)
    {
        int needed = Math.Max(1, (int)Math.Ceiling(p * _runs)), cumulative = 0;
        for (int t = 0; t < perYear.Length; t++)
        {
            cumulative += perYear[t];
            if (cumulative >= needed) return timeline.Scenario.StartYear + t;
        }
        return null;
    }

    private CityYear CityYear(int t, CellProjection[] cells)
    {
        Band Over(Func<CityTotals, double> figure) => Band.OfSorted([.. cityByRun.Select(figure).Order()]);
        var cityNeeds = Needs.All.Select(need => new CityNeed(
            need,
            Over(c => c.CellsShort[(int)need * timeline.Years + t]),
            need == Need.AcknowledgeTime ? null : Over(c => c.Shortfall[(int)need * timeline.Years + t]),
            [.. cells.Where(c => c.Years[t].Need(need).ShortAtP50).Select(c => c.CellId)])).ToArray();
        return new CityYear(
            timeline.Scenario.StartYear + t,
            Over(c => c.Residents[t]), Over(c => c.Migrants[t]), Over(c => c.Households[t]),
            Over(c => c.Arrivals[t]), Over(c => c.Returns[t]), Over(c => c.Departures[t]), Over(c => c.Unplaced[t]),
            cityNeeds);
    }
}
