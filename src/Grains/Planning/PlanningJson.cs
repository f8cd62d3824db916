using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartCity.Grains.Planning;

/// <summary>How a <see cref="PlanningResult"/> is written as JSON, the same by the CLI's result.json and the HTTP API.</summary>
public static class PlanningJson
{
    // Not indented: the demo city's 400 cells × 20 years already make some 10 MB.
    // An unstable report queue waits forever: its demand is +Infinity, which plain JSON numbers cannot hold.
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static string Write(PlanningResult result) => JsonSerializer.Serialize(result, Options);

    /// <exception cref="JsonException">The text is not a planning result.</exception>
    public static PlanningResult Read(string json) =>
        JsonSerializer.Deserialize<PlanningResult>(json, Options) ?? throw new JsonException("The text holds null, not a result.");
}
