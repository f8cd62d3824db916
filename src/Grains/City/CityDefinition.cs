using SmartCity.Grains.Facilities;
using SmartCity.Grains.Geo;

namespace SmartCity.Grains.City;

/// <summary>Everything static about a city, as read from a city definition file (GeoJSON) or generated.</summary>
public sealed record CityDefinition(
    string Name,
    string TimeZoneId,
    IReadOnlyList<DistrictDefinition> Districts,
    IReadOnlyList<GridCellDefinition> GridCells,
    IReadOnlyList<ParkingBayDefinition> ParkingBays,
    IReadOnlyList<CarParkDefinition> CarParks,
    IReadOnlyList<FacilityDefinition> Facilities,
    IReadOnlyList<OfficialDefinition> Officials);

/// <summary>An administrative district (区), e.g. "district:XH" Xihu.</summary>
public sealed record DistrictDefinition(string Id, string Name);

/// <summary>A grid cell of community grid management: a few hundred households and one responsible official.</summary>
public sealed record GridCellDefinition(
    string Id,
    string Name,
    string DistrictId,
    string Community,
    int Households,
    int Residents,
    int Migrants,
    string OfficialId,
    GeoPolygon Boundary);

/// <summary>A kerbside parking bay with one occupancy sensor.</summary>
public sealed record ParkingBayDefinition(string Id, GeoPoint Location, string Street);

/// <summary>An off-street car park whose gates count the cars inside.</summary>
public sealed record CarParkDefinition(string Id, string Name, GeoPoint Location, int Capacity);

/// <summary>A public facility; one with a sensor is "unknown" when the sensor falls silent.</summary>
public sealed record FacilityDefinition(
    string Id,
    string Name,
    FacilityKind Kind,
    GeoPoint Location,
    int Capacity,
    OpeningHours OpeningHours,
    bool HasSensor);

/// <summary>A local official: grid officials answer to a community head, who answers to a district head.</summary>
public sealed record OfficialDefinition(string Id, string Name, OfficialRole Role, string? SupervisorId);

public enum OfficialRole
{
    GridOfficial,
    CommunityHead,
    DistrictHead,
}
