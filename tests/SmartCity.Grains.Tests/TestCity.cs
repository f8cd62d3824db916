using SmartCity.Grains.City;
using SmartCity.Grains.Parking;

namespace SmartCity.Grains.Tests;

/// <summary>
/// The demo city, built once per test run, and a register that hands each test grid cells and officials
/// no other test touches, so tests sharing a cluster never see each other's readings.
/// </summary>
internal static class TestCity
{
    /// <summary>Only roll-up tests change entities in this district, so its totals move by their changes alone.</summary>
    public const string RollUpDistrictId = "district:BJ";

    private static readonly Lazy<CityMap> LazyMap = new(() => new CityMap(DemoCityGenerator.Generate()));
    private static readonly HashSet<string> Taken = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    public static CityMap Map => LazyMap.Value;

    /// <summary>A grid cell no other test has taken; outside the roll-up district unless asked for.</summary>
    public static GridCellDefinition TakeCell(Func<GridCellMembers, bool>? suitable = null, bool inRollUpDistrict = false) =>
        Take(Map.Definition.GridCells.Where(c =>
            (c.DistrictId == RollUpDistrictId) == inRollUpDistrict && (suitable?.Invoke(Map.MembersOf(c.Id)) ?? true)), c => c.Id);

    public static GridCellMembers MembersOf(GridCellDefinition cell) => Map.MembersOf(cell.Id);

    public static ParkingBayDefinition TakeBay() => MembersOf(TakeCell()).ParkingBays[0];

    public static CarParkDefinition TakeCarPark() => MembersOf(TakeCell(m => m.CarParks.Count > 0)).CarParks[0];

    public static FacilityDefinition TakeFacility(Func<FacilityDefinition, bool> suitable) =>
        MembersOf(TakeCell(m => m.Facilities.Any(suitable))).Facilities.First(suitable);

    public static OfficialDefinition TakeOfficial(OfficialRole role) =>
        Take(Map.Definition.Officials.Where(o => o.Role == role), o => o.Id);

    private static T Take<T>(IEnumerable<T> candidates, Func<T, string> id)
    {
        lock (Gate)
        {
            var item = candidates.First(c => !Taken.Contains(id(c)));
            Taken.Add(id(item));
            return item;
        }
    }
}
