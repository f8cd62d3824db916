using System.Reflection;

namespace SmartCity.Api.Planning;

/// <summary>An example scenario the project ships (examples/scenarios), as its file reads, comments and all.</summary>
public sealed record ScenarioExample(string Id, string Name, string Text);

/// <summary>
/// The example scenarios of examples/scenarios, embedded in this assembly at build (SmartCity.Api.csproj), that the
/// HTTP API can run: one naming an urbanization series file is left out, since only the command line projects it.
/// </summary>
public static class ScenarioExamples
{
    /// <summary>Logical-name prefix of the embedded examples (SmartCity.Api.csproj).</summary>
    private const string ResourcePrefix = "planning/examples/";

    private static readonly Lazy<IReadOnlyList<ScenarioExample>> Examples = new(Load);

    public static IReadOnlyList<ScenarioExample> All => Examples.Value;

    private static IReadOnlyList<ScenarioExample> Load()
    {
        var assembly = typeof(ScenarioExample).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => Read(assembly, name))
            .OfType<ScenarioExample>()];
    }

    private static ScenarioExample? Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        string text = reader.ReadToEnd();
        var parsed = Grains.Planning.ScenarioFile.Parse(text);
        if (parsed.Scenario is not { } scenario || scenario.Urbanization.SeriesFile is not null) return null;
        string id = Path.GetFileNameWithoutExtension(name[ResourcePrefix.Length..]);
        return new ScenarioExample(id, scenario.Name, text);
    }
}
