using SmartCity.Grains.City;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Geo;
using SmartCity.Grains.Parking;
using SmartCity.Grains.Readings;

namespace SmartCity.Grains.Grid;

/// <summary>
/// The rules of a grid cell without Orleans: what its members' last words mean now (free, unknown,
/// open...), its summary, its answers to nearby searches, and when time alone will change them.
/// </summary>
public sealed class CellLiveState(
    GridCellDefinition cell,
    GridCellMembers members,
    Dictionary<string, MemberUpdate> lastWords,
    TimeSpan silenceLimit,
    Func<DateTimeOffset, DateTime> toLocalTime)
{
    /// <summary>Merges a member's news into what the cell knows; true when that changed anything.</summary>
    public bool Apply(MemberUpdate update)
    {
        var merged = lastWords.TryGetValue(update.MemberId, out var known) ? known.MergedWith(update) : update;
        if (merged == known) return false;
        lastWords[update.MemberId] = merged;
        return true;
    }

    public LiveSummary Summarize(DateTimeOffset now)
    {
        var bays = BayCounts.None;
        foreach (var bay in members.ParkingBays)
        {
            bays = BayStatusOf(bay.Id, now) switch
            {
                BayStatus.Free => bays with { Total = bays.Total + 1, Free = bays.Free + 1 },
                BayStatus.Occupied => bays with { Total = bays.Total + 1, Occupied = bays.Occupied + 1 },
                _ => bays with { Total = bays.Total + 1, Unknown = bays.Unknown + 1 },
            };
        }
        var carParks = CarParkCounts.None;
        foreach (var carPark in members.CarParks)
        {
            int? free = SpacesFreeOf(carPark, now);
            carParks = new CarParkCounts(
                carParks.CarParks + 1, carParks.Spaces + carPark.Capacity,
                carParks.SpacesFree + (free ?? 0), carParks.Unknown + (free is null ? 1 : 0));
        }
        var facilities = LiveSummary.EmptyFacilities();
        foreach (var facility in members.Facilities)
        {
            facilities[facility.Kind] = facilities[facility.Kind].Count(FacilityStatusOf(facility, now));
        }
        return new LiveSummary(1, cell.Households, cell.Residents, cell.Migrants, bays, carParks, facilities);
    }

    public ParkingMatch[] FindParking(GeoPoint point, double radiusMeters, int limit, DateTimeOffset now)
    {
        var found = new List<ParkingMatch>();
        foreach (var bay in members.ParkingBays)
        {
            double distance = point.DistanceMetersTo(bay.Location);
            if (distance <= radiusMeters && BayStatusOf(bay.Id, now) == BayStatus.Free)
            {
                found.Add(new ParkingMatch(bay.Id, ParkingKind.Bay, bay.Street, bay.Location, distance, 1, cell.Id));
            }
        }
        foreach (var carPark in members.CarParks)
        {
            double distance = point.DistanceMetersTo(carPark.Location);
            if (distance <= radiusMeters && SpacesFreeOf(carPark, now) is > 0 and int free)
            {
                found.Add(new ParkingMatch(carPark.Id, ParkingKind.CarPark, carPark.Name, carPark.Location, distance, free, cell.Id));
            }
        }
        return [.. found.OrderBy(m => m.DistanceMeters).ThenBy(m => m.Id, StringComparer.Ordinal).Take(limit)];
    }

    public FacilityMatch[] FindFacilities(GeoPoint point, double radiusMeters, FacilityKind? kind, bool openNowOnly, int limit, DateTimeOffset now)
    {
        var found = new List<FacilityMatch>();
        foreach (var facility in members.Facilities)
        {
            if (kind is not null && facility.Kind != kind) continue;
            double distance = point.DistanceMetersTo(facility.Location);
            if (distance > radiusMeters) continue;
            var status = FacilityStatusOf(facility, now);
            if (openNowOnly && status != FacilityStatus.Open) continue;
            found.Add(new FacilityMatch(
                facility.Id, facility.Name, facility.Kind, facility.Location, distance, status, facility.OpeningHours.Text, cell.Id));
        }
        return [.. found.OrderBy(m => m.DistanceMeters).ThenBy(m => m.Id, StringComparer.Ordinal).Take(limit)];
    }

    /// <summary>How long until the summary changes with no news at all: a sensor falls silent, a facility opens or closes.</summary>
    public TimeSpan? TimeUntilTimeDrivenChange(DateTimeOffset now)
    {
        TimeSpan? soonest = null;
        foreach (var word in lastWords.Values)
        {
            var silentAfter = word.HeardAt + silenceLimit - now;
            if (silentAfter >= TimeSpan.Zero && (soonest is null || silentAfter < soonest)) soonest = silentAfter;
        }
        var local = toLocalTime(now);
        foreach (var facility in members.Facilities)
        {
            if (facility.OpeningHours.TimeUntilChange(local) is { } change && (soonest is null || change < soonest)) soonest = change;
        }
        return soonest;
    }

    private MemberUpdate? Alive(string memberId, DateTimeOffset now) =>
        lastWords.TryGetValue(memberId, out var word) && now - word.HeardAt <= silenceLimit ? word : null;

    private BayStatus BayStatusOf(string bayId, DateTimeOffset now) => Alive(bayId, now) switch
    {
        null => BayStatus.Unknown,
        { Value: 1 } => BayStatus.Occupied,
        _ => BayStatus.Free,
    };

    private int? SpacesFreeOf(CarParkDefinition carPark, DateTimeOffset now) =>
        Alive(carPark.Id, now) is { } word ? Math.Max(0, carPark.Capacity - word.Value) : null;

    private FacilityStatus FacilityStatusOf(FacilityDefinition facility, DateTimeOffset now) =>
        FacilityStatusRule.Decide(
            facility.HasSensor,
            Alive(facility.Id, now) is { } word ? (FacilityCondition)word.Value : null,
            facility.OpeningHours.IsOpenAt(toLocalTime(now)));
}
