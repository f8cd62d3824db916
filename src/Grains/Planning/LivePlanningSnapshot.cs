using SmartCity.Grains.City;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Grid;

namespace SmartCity.Grains.Planning;

/// <summary>
/// Builds the planning snapshot of the twin as it is now: the city file's cells (place, neighbours, housing, pull) with
/// people and capacities read from the live grains. The rules, and why, are in docs/planning-model.md
/// ("Starting from the live twin").
/// </summary>
public static class LivePlanningSnapshot
{
    /// <summary>Reads every grid cell's summary and the toilets and service halls of the city, all at once.</summary>
    public static async Task<PlanningSnapshot> TakeAsync(IGrainFactory grains, CityMap city, PlanningCity nominal, CityClock clock)
    {
        var takenAt = clock.Now;
        var summaries = await Task.WhenAll(nominal.Cells.Select(c => grains.GetGrain<IGridCellGrain>(c.Id).GetSummaryAsync()));
        var planned = nominal.Cells.Select(c => city.MembersOf(c.Id).Facilities
            .Where(f => f.Kind is FacilityKind.PublicToilet or FacilityKind.ServiceHall)
            .Select(f => grains.GetGrain<IFacilityGrain>(f.Id).GetAsync()));
        var facilities = await Task.WhenAll(planned.Select(Task.WhenAll));
        var notCounted = new List<NotCountedFacility>();
        var cells = new PlanningCell[nominal.Cells.Count];
        for (int i = 0; i < cells.Length; i++)
        {
            cells[i] = LiveCell(nominal.Cells[i], summaries[i], facilities[i], notCounted);
        }
        return new PlanningSnapshot(nominal.Name, PlanningSnapshot.Live, takenAt, cells, notCounted);
    }

    /// <summary>
    /// The nominal cell with the live figures: people from the summary, parking from its bays and car parks, toilets and
    /// service-hall throughput from the facilities that are in service.
    /// </summary>
    public static PlanningCell LiveCell(PlanningCell nominal, LiveSummary summary, IReadOnlyList<FacilityView> facilities, List<NotCountedFacility> notCounted)
    {
        int toilets = 0;
        double hallThroughput = 0;
        foreach (var facility in facilities)
        {
            if (!Counts(facility))
            {
                notCounted.Add(new NotCountedFacility(facility.Id, nominal.Id, facility.Kind, facility.Status));
                continue;
            }
            if (facility.Kind == FacilityKind.PublicToilet) toilets++;
            else if (facility.Kind == FacilityKind.ServiceHall) hallThroughput += PlanningCity.ServiceHallVisitsPerDay(facility.Capacity);
        }
        return nominal with
        {
            Households = summary.Households,
            Residents = summary.Residents,
            Migrants = summary.Migrants,
            PublicToilets = toilets,
            ServiceHallThroughput = hallThroughput,
            // A bay whose sensor is silent is still there to park in: every bay counts, as does every car-park space.
            ParkingSpaces = summary.Bays.Total + summary.CarParks.Spaces,
        };
    }

    /// <summary>
    /// Whether a facility serves the city at all, as against being open at this hour: out of order, or closed by its
    /// sensor during its own opening hours, it does not count; closed by its hours or silent (unknown), it does.
    /// </summary>
    public static bool Counts(FacilityView facility) => facility.Status switch
    {
        FacilityStatus.OutOfOrder => false,
        FacilityStatus.Closed => !facility.OpenByHours,
        _ => true,
    };
}
