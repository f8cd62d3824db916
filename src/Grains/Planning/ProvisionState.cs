using SmartCity.Grains.Facilities;

namespace SmartCity.Grains.Planning;

/// <summary>
/// What each cell provides at a point of the horizon, as the policy levers change it: toilets, parking, service
/// halls, officials, the acknowledge deadline, the jobs/amenity weight; and the city's inflow boost and cap.
/// </summary>
internal sealed class ProvisionState
{
    private readonly PlanningCity _city;
    private readonly bool[] _jobsFromFacilities;

    public ProvisionState(Scenario scenario, PlanningCity city)
    {
        _city = city;
        var cells = city.Cells;
        Toilets = [.. cells.Select(c => (double)c.PublicToilets)];
        Parking = [.. cells.Select(c => (double)c.ParkingSpaces)];
        Halls = [.. cells.Select(c => c.ServiceHallThroughput)];
        Officials = [.. cells.Select(c => c.Officials)];
        DeadlineHours = [.. cells.Select(_ => scenario.Reports.DeadlineHours)];
        Jobs = [.. cells.Select(c => scenario.Cells.GetValueOrDefault(c.Id)?.JobsWeight ?? c.JobsWeight)];
        _jobsFromFacilities = [.. cells.Select(c => scenario.Cells.GetValueOrDefault(c.Id)?.JobsWeight is null)];
    }

    public double[] Toilets { get; }
    public double[] Parking { get; }

    /// <summary>Service-hall visits per working day of the halls standing in each cell.</summary>
    public double[] Halls { get; }
    public int[] Officials { get; }
    public double[] DeadlineHours { get; }
    public double[] Jobs { get; }
    public double InflowBoost { get; private set; } = 1;
    public int? InflowCap { get; private set; }

    /// <summary>Applies a lever; household size is the <see cref="HouseholdSizePath"/>'s business.</summary>
    public void Apply(PolicyLever lever)
    {
        var cells = lever.AppliesToAllCells ? Enumerable.Range(0, Officials.Length) : [_city.IndexOf(lever.Cell)];
        switch (lever.Action)
        {
            case LeverAction.BuildFacilities:
                foreach (int i in cells) Build(lever, i);
                break;
            case LeverAction.AddOfficials:
                foreach (int i in cells) Officials[i] += lever.Count ?? 0;
                break;
            case LeverAction.SetAcknowledgeDeadline:
                foreach (int i in cells) DeadlineHours[i] = lever.Hours ?? DeadlineHours[i];
                break;
            case LeverAction.CapInflow:
                InflowCap = lever.Max;
                break;
            case LeverAction.BoostInflow:
                InflowBoost = lever.Factor ?? InflowBoost;
                break;
        }
    }

    private void Build(PolicyLever lever, int cell)
    {
        int count = lever.Count ?? 0;
        if (lever.Kind == BuildableKinds.ParkingBay) Parking[cell] += count;
        if (lever.Kind == BuildableKinds.CarPark) Parking[cell] += count * (double)(lever.Capacity ?? 0);
        if (lever.Kind is null || BuildableKinds.AsFacilityKind(lever.Kind) is not FacilityKind kind) return;
        if (kind == FacilityKind.PublicToilet) Toilets[cell] += count;
        if (kind == FacilityKind.ServiceHall) Halls[cell] += count * (double)(lever.Capacity ?? PlanningCity.DefaultServiceHallVisitsPerDay);
        // A new facility adds to the pull of a cell whose jobs weight counts its facilities (not one a planner set).
        if (_jobsFromFacilities[cell]) Jobs[cell] += count;
    }
}
