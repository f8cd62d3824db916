namespace SmartCity.Grains.Planning;

/// <summary>
/// What a grid cell can run short of. Each need has a demand, a capacity and a gap (demand minus capacity);
/// the cell is short when the gap is above zero. Units per need are in docs/planning-model.md.
/// </summary>
public enum Need
{
    /// <summary>Public toilets (count).</summary>
    PublicToilets,

    /// <summary>Public parking spaces: kerbside bays plus car-park spaces.</summary>
    ParkingSpaces,

    /// <summary>Service-hall visits per working day.</summary>
    ServiceHallThroughput,

    /// <summary>Grid officials by the households-per-official ratio.</summary>
    Officials,

    /// <summary>Expected hours until an official takes up a report (M/M/c), against the acknowledge deadline.</summary>
    AcknowledgeTime,
}

/// <summary>The needs in a fixed order, for arrays indexed by need.</summary>
public static class Needs
{
    public static IReadOnlyList<Need> All { get; } = Enum.GetValues<Need>();

    public static int Count => All.Count;
}
