using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartCity.Grains.Planning;

/// <summary>The outcome of reading a scenario: the scenario when there are no errors, else every error found.</summary>
public sealed record ScenarioLoad(Scenario? Scenario, IReadOnlyList<ScenarioError> Errors)
{
    public bool Succeeded => Scenario is not null && Errors.Count == 0;
}

/// <summary>
/// Reads and writes scenario files: JSON in the shape of <see cref="Scenario"/>, camelCase, read strictly. An unknown
/// or wrongly cased member, a repeated key, a null where a value belongs, a string where a number belongs or an
/// unknown lever action is an error naming its path; // and /* */ comments are allowed, since people write these files.
/// </summary>
public static class ScenarioFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        RespectNullableAnnotations = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
        MaxDepth = 16,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>Parses the JSON text only; JSON reports the first problem it meets, so there is at most one error.</summary>
    public static ScenarioLoad Parse(string json)
    {
        try
        {
            var scenario = JsonSerializer.Deserialize<Scenario>(json, Json);
            return scenario is null
                ? new ScenarioLoad(null, [new ScenarioError("$", "the file must hold a scenario object, not null.")])
                : new ScenarioLoad(scenario, []);
        }
        catch (JsonException e)
        {
            return new ScenarioLoad(null, [new ScenarioError(FieldOf(e.Path), Explain(e.Message))]);
        }
    }

    /// <summary>Parses, then validates against the city and the current year: every validation error is returned.</summary>
    public static ScenarioLoad Parse(string json, PlanningCity city, int currentYear)
    {
        var parsed = Parse(json);
        if (parsed.Scenario is not { } scenario) return parsed;
        var errors = ScenarioValidator.Validate(scenario, city, currentYear);
        return errors.Count == 0 ? parsed : new ScenarioLoad(null, errors);
    }

    public static ScenarioLoad Read(string path, PlanningCity city, int currentYear) => Parse(File.ReadAllText(path), city, currentYear);

    public static string Write(Scenario scenario) => JsonSerializer.Serialize(scenario, Json);

    /// <summary>"$.levers[2].count" becomes "levers[2].count"; the whole document is "$".</summary>
    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    /// <summary>System.Text.Json's message in the scenario's words where it is one of the usual mistakes.</summary>
    private static string Explain(string message)
    {
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
            return "is not a member here (names are camelCase and case-sensitive; see docs/planning-model.md).";
        if (message.Contains("Duplicate propert", StringComparison.Ordinal)) return "appears twice.";
        if (message.Contains("doesn't allow setting null", StringComparison.Ordinal)) return "cannot be null.";
        if (message.Contains(nameof(LeverAction), StringComparison.Ordinal))
            return $"must be one of {string.Join(", ", Enum.GetValues<LeverAction>().Select(a => JsonNamingPolicy.CamelCase.ConvertName(a.ToString())))}.";
        if (message.Contains("System.Int32", StringComparison.Ordinal) || message.Contains("System.Int64", StringComparison.Ordinal))
            return "must be a whole number.";
        if (message.Contains("System.Double", StringComparison.Ordinal)) return "must be a number.";
        int path = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return path < 0 ? message : message[..path];
    }
}
