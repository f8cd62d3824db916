namespace SmartCity.Grains.Planning;

/// <summary>
/// One Monte Carlo run, year by year: returns, departures, arrivals, then placement. The order of the random draws
/// is fixed (returns, then departures cell by cell, then arrivals, then the cell choices), so a run's numbers depend
/// on nothing but the seed and the run index. Holds scratch arrays: one instance per thread.
/// </summary>
internal sealed class RunSimulation
{
    private readonly ScenarioTimeline _timeline;
    private readonly MigrantInflow _inflow;
    private readonly Attractiveness _attractiveness;
    private readonly ArrivalAllocation _allocation;
    private readonly double[] _weights;
    private readonly int[] _placed;

    public RunSimulation(ScenarioTimeline timeline, MigrantInflow inflow, Attractiveness attractiveness)
    {
        _timeline = timeline;
        _inflow = inflow;
        _attractiveness = attractiveness;
        _allocation = new ArrivalAllocation(timeline.City.NeighbourIndexes, timeline.HousingCapacity);
        _weights = new double[timeline.CellCount];
        _placed = new int[timeline.CellCount];
    }

    public RunFigures Run(int runIndex)
    {
        var random = new RunRandom(_timeline.Scenario.Seed, runIndex);
        // Drawn first and only with a band, so scenarios without one keep exactly the draws they always had.
        double bandPosition = _inflow.DrawsUrbanPath ? MigrantInflow.DrawBandPosition(random) : 0;
        int n = _timeline.CellCount, years = _timeline.Years;
        var residents = _timeline.City.Cells.Select(c => c.Residents).ToArray();
        var migrants = _timeline.City.Cells.Select(c => c.Migrants).ToArray();
        var allResidents = new int[years * n];
        var allMigrants = new int[years * n];
        var flows = new YearFlows[years];
        int away = 0;
        for (int t = 0; t < years; t++)
        {
            int returns = _inflow.DrawReturns(random, away);
            away -= returns;
            int departures = 0;
            for (int i = 0; i < n; i++)
            {
                int leaving = _inflow.DrawDepartures(random, migrants[i]);
                migrants[i] -= leaving;
                residents[i] -= leaving;
                departures += leaving;
            }
            away += departures;
            int arrivals = _inflow.DrawArrivals(random, t, bandPosition);
            _attractiveness.Compute(t, residents, _weights);
            int unplaced = _allocation.Place(random, arrivals + returns, _weights, residents, _placed);
            for (int i = 0; i < n; i++) migrants[i] += _placed[i];
            residents.CopyTo(allResidents, t * n);
            migrants.CopyTo(allMigrants, t * n);
            flows[t] = new YearFlows(arrivals, returns, departures, unplaced, away);
        }
        return new RunFigures(runIndex, allResidents, allMigrants, flows);
    }
}
