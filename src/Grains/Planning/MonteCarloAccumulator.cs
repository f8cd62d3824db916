namespace SmartCity.Grains.Planning;

/// <summary>
/// Folds runs into what the summary needs: per cell and year the distribution of residents and migrants, per cell
/// and need the year each run's gap opened, and per run the city totals. Runs can be added in any order and
/// accumulators merged, with identical results: batches from threads or silos combine to the same numbers.
/// </summary>
public sealed class MonteCarloAccumulator
{
    private readonly NeedModel _needs;
    private readonly ScenarioTimeline _timeline;
    private readonly CellHistograms _residents;
    private readonly CellHistograms _migrants;
    private readonly int[] _openingYearCounts;
    private readonly Dictionary<int, CityTotals> _cityByRun = [];

    public MonteCarloAccumulator(ScenarioTimeline timeline)
    {
        _timeline = timeline;
        _needs = new NeedModel(timeline);
        _residents = new CellHistograms(timeline.Years, timeline.CellCount);
        _migrants = new CellHistograms(timeline.Years, timeline.CellCount);
        _openingYearCounts = new int[timeline.CellCount * Needs.Count * (timeline.Years + 1)];
    }

    /// <summary>Runs added so far.</summary>
    public int Runs => _cityByRun.Count;

    public void Add(IEnumerable<RunFigures> runs)
    {
        foreach (var run in runs) Add(run);
    }

    public void Add(RunFigures run)
    {
        int n = _timeline.CellCount, years = _timeline.Years;
        if (run.Residents.Length != n * years) throw new ArgumentException("The run is of another city or horizon.", nameof(run));
        if (_cityByRun.ContainsKey(run.Run)) throw new ArgumentException($"Run {run.Run} was already added.", nameof(run));
        var totals = new CityTotals(years);
        var opened = new int[n * Needs.Count];
        Array.Fill(opened, years);
        for (int t = 0; t < years; t++)
        {
            for (int i = 0; i < n; i++)
            {
                int residents = run.Residents[t * n + i], migrants = run.Migrants[t * n + i];
                _residents.Add(t, i, residents);
                _migrants.Add(t, i, migrants);
                totals.AddCell(t, residents, migrants, _needs.Households(t, i, residents));
                foreach (var need in Needs.All)
                {
                    double gap = _needs.Gap(need, t, i, residents);
                    if (gap <= 0) continue;
                    totals.AddShortCell(t, need, gap);
                    ref int first = ref opened[i * Needs.Count + (int)need];
                    first = Math.Min(first, t);
                }
            }
            totals.SetFlows(t, run.Flows[t]);
        }
        for (int k = 0; k < opened.Length; k++) _openingYearCounts[k * (years + 1) + opened[k]]++;
        _cityByRun.Add(run.Run, totals);
    }

    /// <summary>Adds another accumulator's runs (of the same scenario and city) to this one.</summary>
    public void Add(MonteCarloAccumulator other)
    {
        if (!ReferenceEquals(other._timeline, _timeline) && (other._timeline.Years != _timeline.Years || other._timeline.CellCount != _timeline.CellCount))
            throw new ArgumentException("The accumulators are of different scenarios or cities.", nameof(other));
        foreach (int run in other._cityByRun.Keys)
        {
            if (_cityByRun.ContainsKey(run)) throw new ArgumentException($"Run {run} is in both accumulators.", nameof(other));
        }
        _residents.Add(other._residents);
        _migrants.Add(other._migrants);
        for (int k = 0; k < _openingYearCounts.Length; k++) _openingYearCounts[k] += other._openingYearCounts[k];
        foreach (var (run, totals) in other._cityByRun) _cityByRun.Add(run, totals);
    }

    public PlanningResult ToResult() => new PlanningResultBuilder(_timeline, _needs, _residents, _migrants, _openingYearCounts,
        [.. _cityByRun.OrderBy(r => r.Key).Select(r => r.Value)]).Build();
}
