using SmartCity.Grains.Geo;

namespace SmartCity.Grains.Planning;

/// <summary>One grid cell as the planning model sees it: where it is, who lives there and what it provides.</summary>
/// <param name="Neighbours">Ids of the cells that share an edge or lie within a short distance.</param>
/// <param name="HousingCapacity">Residents the cell can hold.</param>
/// <param name="JobsWeight">Relative pull of jobs and amenities; by default the number of facilities, at least 1.</param>
/// <param name="ParkingSpaces">Kerbside bays plus the spaces of car parks in the cell.</param>
/// <param name="ServiceHallThroughput">Visits per working day the cell's own service halls can serve.</param>
/// <param name="Officials">Grid officials responsible for the cell.</param>
public sealed record PlanningCell(
    string Id,
    string DistrictId,
    string Community,
    GeoPoint Centroid,
    double AreaKm2,
    IReadOnlyList<string> Neighbours,
    int Households,
    int Residents,
    int Migrants,
    int HousingCapacity,
    double JobsWeight,
    int PublicToilets,
    int ParkingSpaces,
    double ServiceHallThroughput,
    int Officials)
{
    /// <summary>Persons per household in the snapshot.</summary>
    public double HouseholdSize => Households > 0 ? (double)Residents / Households : 1;
}
