namespace SmartCity.Grains.Planning;

/// <summary>
/// Everything about a scenario that does not depend on chance, year by year and cell by cell, after the cell
/// overrides and the policy levers: capacities, officials, deadlines, household sizes, inflow boosts and caps.
/// Built once and shared, read-only, by every run. Arrays are indexed [year × cells + cell].
/// </summary>
public sealed class ScenarioTimeline
{
    private readonly double[] _capacity;

    private ScenarioTimeline(Scenario scenario, PlanningCity city)
    {
        Scenario = scenario;
        City = city;
        CellCount = city.Cells.Count;
        Years = scenario.Years;
        int size = Years * CellCount;
        _capacity = new double[Needs.Count * size];
        Officials = new int[size];
        HouseholdSize = new double[size];
        JobsWeight = new double[size];
        InflowBoost = new double[Years];
        InflowCap = new int?[Years];
        HousingCapacity = new int[CellCount];
        AreaKm2 = [.. city.Cells.Select(c => c.AreaKm2)];
    }

    public Scenario Scenario { get; }

    public PlanningCity City { get; }

    public int CellCount { get; }

    public int Years { get; }

    // Arrays for the hot loops of the runs; callers outside the model read them through the methods below.
    internal int[] HousingCapacity { get; }

    internal double[] AreaKm2 { get; }

    internal int[] Officials { get; }

    internal double[] HouseholdSize { get; }

    internal double[] JobsWeight { get; }

    internal double[] InflowBoost { get; }

    internal int?[] InflowCap { get; }

    /// <summary>Residents the cell can hold, after the scenario's headroom and overrides.</summary>
    public int HousingCapacityOf(int cell) => HousingCapacity[cell];

    /// <summary>Persons per household in the cell in the given year.</summary>
    public double HouseholdSizeIn(int yearIndex, int cell) => HouseholdSize[yearIndex * CellCount + cell];

    /// <summary>Grid officials of the cell in the given year.</summary>
    public int OfficialsIn(int yearIndex, int cell) => Officials[yearIndex * CellCount + cell];

    /// <summary>The jobs/amenity weight of the cell in the given year.</summary>
    public double JobsWeightIn(int yearIndex, int cell) => JobsWeight[yearIndex * CellCount + cell];

    /// <summary>The inflow boost in force in the given year (1 without a lever).</summary>
    public double InflowBoostIn(int yearIndex) => InflowBoost[yearIndex];

    /// <summary>The cap on new arrivals in force in the given year, if any.</summary>
    public int? InflowCapIn(int yearIndex) => InflowCap[yearIndex];

    /// <summary>
    /// Capacity of a need in a cell and year: the cell's share of the toilets in and around it, parking spaces, its
    /// share of its community's service-hall throughput, officials, and for <see cref="Need.AcknowledgeTime"/> the
    /// deadline in hours.
    /// </summary>
    public double Capacity(Need need, int yearIndex, int cell) => _capacity[((int)need * Years + yearIndex) * CellCount + cell];

    /// <summary>The timeline of a scenario that has passed <see cref="ScenarioValidator"/> against this city.</summary>
    public static ScenarioTimeline Build(Scenario scenario, PlanningCity city)
    {
        var timeline = new ScenarioTimeline(scenario, city);
        timeline.Fill();
        return timeline;
    }

    private void Fill()
    {
        for (int i = 0; i < CellCount; i++)
        {
            var cell = City.Cells[i];
            HousingCapacity[i] = Scenario.Cells.GetValueOrDefault(cell.Id)?.HousingCapacity
                ?? (Scenario.Housing.Headroom is double headroom ? PlanningCity.HousingCapacityFor(cell.Residents, headroom) : cell.HousingCapacity);
        }
        var state = new ProvisionState(Scenario, City);
        var householdSizes = new HouseholdSizePath(Scenario, City);
        var hallShares = HallShares();
        var toiletCatchments = ToiletCatchments();
        for (int t = 0; t < Years; t++)
        {
            foreach (var lever in Scenario.Levers.Where(l => l.Year == Scenario.StartYear + t))
            {
                if (lever.Action == LeverAction.SetHouseholdSize) householdSizes.Set(lever, t);
                else state.Apply(lever);
            }
            Record(t, state, householdSizes, hallShares, toiletCatchments);
        }
    }

    private void Record(int t, ProvisionState state, HouseholdSizePath householdSizes, double[] hallShares, (int Cell, double Share)[][] toiletCatchments)
    {
        InflowBoost[t] = state.InflowBoost;
        InflowCap[t] = state.InflowCap;
        var hallPools = CommunityPools(state.Halls);
        var toiletsServing = new double[CellCount];
        for (int j = 0; j < CellCount; j++)
        {
            foreach (var (cell, share) in toiletCatchments[j]) toiletsServing[cell] += state.Toilets[j] * share;
        }
        for (int i = 0; i < CellCount; i++)
        {
            int at = t * CellCount + i;
            Set(Need.PublicToilets, t, i, toiletsServing[i]);
            Set(Need.ParkingSpaces, t, i, state.Parking[i]);
            Set(Need.ServiceHallThroughput, t, i, hallPools[City.Cells[i].Community] * hallShares[i]);
            Set(Need.Officials, t, i, state.Officials[i]);
            Set(Need.AcknowledgeTime, t, i, state.DeadlineHours[i]);
            Officials[at] = state.Officials[i];
            JobsWeight[at] = state.Jobs[i];
            HouseholdSize[at] = householdSizes.For(i, t);
        }
    }

    /// <summary>
    /// Each cell's share of its community's service halls: its share of the community's residents in the snapshot.
    /// A hall serves its whole community (a 社区 has one), so a cell without a hall of its own is not short for that.
    /// </summary>
    private double[] HallShares()
    {
        var communityResidents = City.Cells.GroupBy(c => c.Community).ToDictionary(g => g.Key, g => g.Sum(c => (double)c.Residents), StringComparer.Ordinal);
        return [.. City.Cells.Select(c => communityResidents[c.Community] > 0 ? c.Residents / communityResidents[c.Community] : 0)];
    }

    /// <summary>
    /// Whom a public toilet in each cell serves: its own cell and the neighbouring ones (a walk of a few hundred
    /// metres, about the service radius planners use), each with its share of their residents in the snapshot.
    /// A cell without a toilet next to one with spare capacity is then not counted short.
    /// </summary>
    private (int Cell, double Share)[][] ToiletCatchments()
    {
        var catchments = new (int, double)[CellCount][];
        for (int j = 0; j < CellCount; j++)
        {
            int[] served = [j, .. City.NeighbourIndexes[j]];
            double residents = served.Sum(i => (double)City.Cells[i].Residents);
            catchments[j] = [.. served.Select(i => (i, residents > 0 ? City.Cells[i].Residents / residents : 1.0 / served.Length))];
        }
        return catchments;
    }

    private Dictionary<string, double> CommunityPools(double[] halls)
    {
        var pools = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < CellCount; i++)
        {
            string community = City.Cells[i].Community;
            pools[community] = pools.GetValueOrDefault(community) + halls[i];
        }
        return pools;
    }

    private void Set(Need need, int yearIndex, int cell, double value) => _capacity[((int)need * Years + yearIndex) * CellCount + cell] = value;
}
