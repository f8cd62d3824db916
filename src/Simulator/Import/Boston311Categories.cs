namespace SmartCity.Simulator.Import;

/// <summary>
/// Boston 311 request types onto the twin's report categories (src/Grains/Reports/report-categories.json).
/// A type is looked up first; a type not in the table falls back on its reason (Boston's group of
/// types). The reasoning for each line, and the types left out on purpose, is in docs/import.md.
/// </summary>
public static class Boston311Categories
{
    /// <summary>By Boston's "type" column.</summary>
    public static readonly IReadOnlyDictionary<string, string> ByType = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Parking Enforcement"] = "illegal-parking",
        ["Abandoned Vehicles"] = "abandoned-vehicle",
        ["Request for Pothole Repair"] = "road-damage",
        ["Sidewalk Repair (Make Safe)"] = "road-damage",
        ["Sidewalk Cover / Manhole"] = "road-damage",
        ["Street Light Outages"] = "streetlight",
        ["Knockdown Replacement"] = "streetlight",
        ["General Lighting Request"] = "streetlight",
        ["Graffiti Removal"] = "illegal-advertising",
        ["PWD Graffiti"] = "illegal-advertising",
        ["Needle Pickup"] = "garbage",
        ["Requests for Street Cleaning"] = "garbage",
        ["CE Collection"] = "garbage",
        ["Improper Storage of Trash (Barrels)"] = "garbage",
        ["Missed Trash/Recycling/Yard Waste/Bulk Item"] = "garbage",
        ["Empty Litter Basket"] = "garbage",
        ["Pick up Dead Animal"] = "garbage",
        ["Poor Conditions of Property"] = "garbage",
        ["Ground Maintenance"] = "green-space",
        ["Loud Parties/Music/People"] = "noise",
        ["Electrical"] = "building-safety",
    };

    /// <summary>By Boston's "reason" column, for types not in <see cref="ByType"/>: groups whose every type fits one category.</summary>
    public static readonly IReadOnlyDictionary<string, string> ByReason = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Street Lights"] = "streetlight",
        ["Graffiti"] = "illegal-advertising",
        ["Noise Disturbance"] = "noise",
    };

    /// <summary>The category id, or null when the request fits none of the twin's categories.</summary>
    public static string? CategoryOf(string type, string reason) =>
        ByType.TryGetValue(type.Trim(), out var byType) ? byType
        : ByReason.TryGetValue(reason.Trim(), out var byReason) ? byReason
        : null;

    /// <summary>
    /// The category attributes the twin requires, as far as the request type tells them. Only road
    /// damage requires one ("danger": yes/no); Boston marks requests it must make safe at once by
    /// their type, so those are "yes" and plain pothole requests "no" (our reading, see docs/import.md).
    /// </summary>
    public static IReadOnlyDictionary<string, string>? AttributesOf(string type, string category) => category switch
    {
        "road-damage" => new Dictionary<string, string>
        {
            ["danger"] = type.Contains("Make Safe", StringComparison.OrdinalIgnoreCase) || type.Contains("Manhole", StringComparison.OrdinalIgnoreCase) ? "yes" : "no",
        },
        _ => null,
    };
}
