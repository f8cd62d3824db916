using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartCity.Grains.Planning;

/// <summary>
/// A <see cref="PlanningCity"/> as JSON: what GET /api/planning/snapshot returns, what the CLI's --from-twin reads and
/// what a scenario run started from the live twin hands its batches, so every silo plans on the same cells.
/// </summary>
/// <param name="Start">"live" when taken from the twin's grains, "city" when built from the city file alone.</param>
/// <param name="TakenAt">City time the live state was read (for "city", when the snapshot was written).</param>
/// <param name="NotCounted">Facilities that stand in a cell but were left out of its capacity, with the reason.</param>
public sealed record PlanningSnapshot(
    string City,
    string Start,
    DateTimeOffset TakenAt,
    IReadOnlyList<PlanningCell> Cells,
    IReadOnlyList<NotCountedFacility> NotCounted)
{
    public const string Live = "live";

    public const string FromCityFile = "city";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>The planning city the snapshot describes; it fails as a <see cref="PlanningCity"/> would on broken cells.</summary>
    public PlanningCity ToPlanningCity() => new(City, Cells);

    public static PlanningSnapshot Of(PlanningCity city, string start, DateTimeOffset takenAt, IReadOnlyList<NotCountedFacility>? notCounted = null) =>
        new(city.Name, start, takenAt, city.Cells, notCounted ?? []);

    public string Write() => JsonSerializer.Serialize(this, Json);

    /// <exception cref="JsonException">The text is not a snapshot (a member missing, a wrong type).</exception>
    public static PlanningSnapshot Read(string json) =>
        JsonSerializer.Deserialize<PlanningSnapshot>(json, Json) ?? throw new JsonException("The text holds null, not a planning snapshot.");
}

/// <summary>A facility the snapshot did not count, in the words of <see cref="Facilities.FacilityStatus"/>.</summary>
public sealed record NotCountedFacility(string Id, string GridCellId, Facilities.FacilityKind Kind, Facilities.FacilityStatus Status);
