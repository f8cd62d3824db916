using SmartCity.Grains.Facilities;

namespace SmartCity.Grains.Planning;

/// <summary>What a policy lever does.</summary>
public enum LeverAction
{
    /// <summary>Build <c>count</c> facilities of <c>kind</c> (a facility kind, <c>parkingBay</c> or <c>carPark</c>).</summary>
    BuildFacilities,

    /// <summary>Add <c>count</c> grid officials.</summary>
    AddOfficials,

    /// <summary>Set the acknowledge deadline to <c>hours</c>.</summary>
    SetAcknowledgeDeadline,

    /// <summary>At most <c>max</c> new arrivals per year into the city.</summary>
    CapInflow,

    /// <summary>Multiply new arrivals by <c>factor</c> (replacing an earlier boost).</summary>
    BoostInflow,

    /// <summary>Set the average household size to <c>value</c>; the yearly change continues from there.</summary>
    SetHouseholdSize,
}

/// <summary>
/// A policy lever: from <see cref="Year"/> on, <see cref="Action"/> applies to one grid cell or to all of them.
/// Levers of the same year apply in the order of the file. Only the members the action uses may be set.
/// </summary>
public sealed record PolicyLever
{
    public const string AllCells = "all";

    /// <summary>The calendar year the lever takes effect; 0 when the file gives <see cref="YearOffset"/> instead.</summary>
    public int Year { get; init; }

    /// <summary>
    /// The year as an offset from the start year (0 = the first simulated year), so a file keeps its meaning whatever
    /// year it runs in; <see cref="ScenarioYears.Resolve"/> turns it into <see cref="Year"/>.
    /// </summary>
    public int? YearOffset { get; init; }

    /// <summary>A grid cell id, or "all".</summary>
    public string Cell { get; init; } = AllCells;

    /// <summary>Null only when the file leaves it out, which validation refuses.</summary>
    public LeverAction? Action { get; init; }

    public string? Kind { get; init; }

    public int? Count { get; init; }

    /// <summary>For buildFacilities: visits per day of each new service hall, or spaces of each new car park.</summary>
    public int? Capacity { get; init; }

    public double? Hours { get; init; }

    public int? Max { get; init; }

    public double? Factor { get; init; }

    public double? Value { get; init; }

    public bool AppliesToAllCells => Cell == AllCells;

    public static PolicyLever BuildFacilities(int year, string cell, string kind, int count, int? capacity = null) =>
        new() { Year = year, Cell = cell, Action = LeverAction.BuildFacilities, Kind = kind, Count = count, Capacity = capacity };

    public static PolicyLever AddOfficials(int year, string cell, int count) =>
        new() { Year = year, Cell = cell, Action = LeverAction.AddOfficials, Count = count };

    public static PolicyLever SetAcknowledgeDeadline(int year, string cell, double hours) =>
        new() { Year = year, Cell = cell, Action = LeverAction.SetAcknowledgeDeadline, Hours = hours };

    public static PolicyLever CapInflow(int year, int max) => new() { Year = year, Action = LeverAction.CapInflow, Max = max };

    public static PolicyLever BoostInflow(int year, double factor) => new() { Year = year, Action = LeverAction.BoostInflow, Factor = factor };

    public static PolicyLever SetHouseholdSize(int year, string cell, double value) =>
        new() { Year = year, Cell = cell, Action = LeverAction.SetHouseholdSize, Value = value };
}

/// <summary>The kinds a buildFacilities lever can build, as they are spelled in the scenario file.</summary>
public static class BuildableKinds
{
    public const string ParkingBay = "parkingBay";
    public const string CarPark = "carPark";

    /// <summary>Facility kinds in the city file's spelling (docs/city-file.md), then the two kinds of parking.</summary>
    public static readonly IReadOnlyList<string> All =
        [.. Enum.GetValues<FacilityKind>().Select(FacilityKindName), ParkingBay, CarPark];

    public static string FacilityKindName(FacilityKind kind) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());

    public static FacilityKind? AsFacilityKind(string kind) =>
        Enum.GetValues<FacilityKind>().Select(k => (FacilityKind?)k).FirstOrDefault(k => FacilityKindName(k!.Value) == kind);
}
