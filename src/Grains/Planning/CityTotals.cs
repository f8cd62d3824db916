namespace SmartCity.Grains.Planning;

/// <summary>One run's city-wide figures per year: people, flows, and per need the cells short and the total shortfall.</summary>
internal sealed class CityTotals(int years)
{
    public double[] Residents { get; } = new double[years];
    public double[] Migrants { get; } = new double[years];
    public double[] Households { get; } = new double[years];
    public double[] Arrivals { get; } = new double[years];
    public double[] Returns { get; } = new double[years];
    public double[] Departures { get; } = new double[years];
    public double[] Unplaced { get; } = new double[years];

    /// <summary>[need × years + year]</summary>
    public double[] CellsShort { get; } = new double[Needs.Count * years];

    /// <summary>[need × years + year]: the sum of the positive gaps (not kept for acknowledge time, where hours do not add up).</summary>
    public double[] Shortfall { get; } = new double[Needs.Count * years];

    public void AddCell(int yearIndex, int residents, int migrants, double households)
    {
        Residents[yearIndex] += residents;
        Migrants[yearIndex] += migrants;
        Households[yearIndex] += households;
    }

    public void AddShortCell(int yearIndex, Need need, double gap)
    {
        int at = (int)need * years + yearIndex;
        CellsShort[at]++;
        if (need != Need.AcknowledgeTime) Shortfall[at] += gap;
    }

    public void SetFlows(int yearIndex, YearFlows flows)
    {
        Arrivals[yearIndex] = flows.Arrivals;
        Returns[yearIndex] = flows.Returns;
        Departures[yearIndex] = flows.Departures;
        Unplaced[yearIndex] = flows.Unplaced;
    }
}
