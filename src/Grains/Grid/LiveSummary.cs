using SmartCity.Grains.Facilities;

namespace SmartCity.Grains.Grid;

/// <summary>Bays of an area by live status.</summary>
[GenerateSerializer, Immutable, Alias("BayCounts")]
public sealed record BayCounts(
    [property: Id(0)] int Total,
    [property: Id(1)] int Free,
    [property: Id(2)] int Occupied,
    [property: Id(3)] int Unknown)
{
    public static BayCounts None { get; } = new(0, 0, 0, 0);

    public BayCounts Add(BayCounts o) => new(Total + o.Total, Free + o.Free, Occupied + o.Occupied, Unknown + o.Unknown);
}

/// <summary>Car parks of an area; spaces free counts only car parks whose counters are alive.</summary>
[GenerateSerializer, Immutable, Alias("CarParkCounts")]
public sealed record CarParkCounts(
    [property: Id(0)] int CarParks,
    [property: Id(1)] int Spaces,
    [property: Id(2)] int SpacesFree,
    [property: Id(3)] int Unknown)
{
    public static CarParkCounts None { get; } = new(0, 0, 0, 0);

    public CarParkCounts Add(CarParkCounts o) =>
        new(CarParks + o.CarParks, Spaces + o.Spaces, SpacesFree + o.SpacesFree, Unknown + o.Unknown);
}

/// <summary>Facilities of one kind in an area by their status now.</summary>
[GenerateSerializer, Immutable, Alias("FacilityCounts")]
public sealed record FacilityCounts(
    [property: Id(0)] int Total,
    [property: Id(1)] int OpenNow,
    [property: Id(2)] int Closed,
    [property: Id(3)] int OutOfOrder,
    [property: Id(4)] int Unknown)
{
    public static FacilityCounts None { get; } = new(0, 0, 0, 0, 0);

    public FacilityCounts Add(FacilityCounts o) =>
        new(Total + o.Total, OpenNow + o.OpenNow, Closed + o.Closed, OutOfOrder + o.OutOfOrder, Unknown + o.Unknown);

    public FacilityCounts Count(FacilityStatus status) => status switch
    {
        FacilityStatus.Open => this with { Total = Total + 1, OpenNow = OpenNow + 1 },
        FacilityStatus.Closed => this with { Total = Total + 1, Closed = Closed + 1 },
        FacilityStatus.OutOfOrder => this with { Total = Total + 1, OutOfOrder = OutOfOrder + 1 },
        _ => this with { Total = Total + 1, Unknown = Unknown + 1 },
    };
}

/// <summary>
/// The live summary of an area (a grid cell, a district, the city): people from the census of the
/// city file, bays, car parks and facilities from the sensors. Summaries add up from cells upwards.
/// </summary>
[GenerateSerializer, Immutable, Alias("LiveSummary")]
public sealed record LiveSummary(
    [property: Id(0)] int GridCells,
    [property: Id(1)] int Households,
    [property: Id(2)] int Residents,
    [property: Id(3)] int Migrants,
    [property: Id(4)] BayCounts Bays,
    [property: Id(5)] CarParkCounts CarParks,
    [property: Id(6)] IReadOnlyDictionary<FacilityKind, FacilityCounts> Facilities)
{
    public static LiveSummary Empty { get; } = new(0, 0, 0, 0, BayCounts.None, CarParkCounts.None, EmptyFacilities());

    public LiveSummary Add(LiveSummary other) => new(
        GridCells + other.GridCells,
        Households + other.Households,
        Residents + other.Residents,
        Migrants + other.Migrants,
        Bays.Add(other.Bays),
        CarParks.Add(other.CarParks),
        Enum.GetValues<FacilityKind>().ToDictionary(
            kind => kind,
            kind => Facilities.GetValueOrDefault(kind, FacilityCounts.None).Add(other.Facilities.GetValueOrDefault(kind, FacilityCounts.None))));

    public static Dictionary<FacilityKind, FacilityCounts> EmptyFacilities() =>
        Enum.GetValues<FacilityKind>().ToDictionary(kind => kind, _ => FacilityCounts.None);
}
