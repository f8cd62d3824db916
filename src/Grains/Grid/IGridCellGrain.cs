using SmartCity.Grains.Facilities;
using SmartCity.Grains.Geo;

namespace SmartCity.Grains.Grid;

/// <summary>
/// A grid cell: knows its bays, car parks and facilities and their live status (pushed by them),
/// answers nearby searches for its own area, and keeps its district's summary current.
/// </summary>
[Alias("IGridCellGrain")]
public interface IGridCellGrain : IGrainWithStringKey
{
    [Alias("Get"), ReadOnly]
    Task<GridCellView> GetAsync();

    [Alias("GetSummary"), ReadOnly]
    Task<LiveSummary> GetSummaryAsync();

    /// <summary>Members' latest values; older news never overwrites newer.</summary>
    [Alias("MembersChanged"), OneWay]
    Task MembersChangedAsync(MemberUpdate[] updates);

    /// <summary>Free bays and car parks with free spaces of this cell within the radius, nearest first.</summary>
    [Alias("FindParking"), ReadOnly]
    Task<ParkingMatch[]> FindParkingAsync(GeoPoint point, double radiusMeters, int limit);

    /// <summary>Facilities of this cell within the radius, nearest first.</summary>
    [Alias("FindFacilities"), ReadOnly]
    Task<FacilityMatch[]> FindFacilitiesAsync(GeoPoint point, double radiusMeters, FacilityKind? kind, bool openNowOnly, int limit);
}

/// <summary>A grid cell with its live summary.</summary>
[GenerateSerializer, Immutable, Alias("GridCellView")]
public sealed record GridCellView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string DistrictId,
    [property: Id(3)] string Community,
    [property: Id(4)] string OfficialId,
    [property: Id(5)] IReadOnlyList<GeoPoint> Boundary,
    [property: Id(6)] IReadOnlyList<string> NeighbourIds,
    [property: Id(7)] LiveSummary Summary);

public enum ParkingKind
{
    Bay,
    CarPark,
}

/// <summary>A place to park found near a point.</summary>
[GenerateSerializer, Immutable, Alias("ParkingMatch")]
public sealed record ParkingMatch(
    [property: Id(0)] string Id,
    [property: Id(1)] ParkingKind Kind,
    [property: Id(2)] string Name,
    [property: Id(3)] GeoPoint Location,
    [property: Id(4)] double DistanceMeters,
    [property: Id(5)] int SpacesFree,
    [property: Id(6)] string GridCellId);

/// <summary>A facility found near a point.</summary>
[GenerateSerializer, Immutable, Alias("FacilityMatch")]
public sealed record FacilityMatch(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] FacilityKind Kind,
    [property: Id(3)] GeoPoint Location,
    [property: Id(4)] double DistanceMeters,
    [property: Id(5)] FacilityStatus Status,
    [property: Id(6)] string OpeningHours,
    [property: Id(7)] string GridCellId);

/// <summary>Persisted state of a cell: the last word of each member.</summary>
[GenerateSerializer, Alias("GridCellState")]
public sealed class GridCellState
{
    [Id(0)] public Dictionary<string, MemberUpdate> Members { get; set; } = new(StringComparer.Ordinal);
}
