namespace SmartCity.Grains.Facilities;

/// <summary>The kinds of public facility the twin knows.</summary>
public enum FacilityKind
{
    PublicToilet,
    ServiceHall,
    Clinic,
    School,
    PolicePost,
}
