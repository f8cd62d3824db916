using System.Globalization;

namespace SmartCity.Simulator.Planning;

/// <summary>What `scenario run` was asked for; null members keep the scenario file's value or the default.</summary>
/// <param name="FromTwin">Base address of a running twin whose GET /api/planning/snapshot the run plans on, instead of a city file.</param>
public sealed record ScenarioRunOptions(string ScenarioPath, string? CityPath, int? Runs, long? Seed, string? OutDirectory, int? Threads, Uri? FromTwin = null)
{
    /// <summary>The most runs a scenario may ask for, as the scenario validator allows.</summary>
    public const int MaximumRuns = 100_000;

    private static readonly string[] Known = ["--city", "--from-twin", "--runs", "--seed", "--out", "--threads"];

    /// <summary>The options, or null with what is wrong with the command line (naming the option).</summary>
    public static ScenarioRunOptions? Parse(string[] args, out string? problem)
    {
        problem = null;
        string? scenarioPath = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (scenarioPath is not null)
                {
                    problem = $"unexpected argument \"{arg}\" (one scenario file per run)";
                    return null;
                }
                scenarioPath = arg;
                continue;
            }
            if (!Known.Contains(arg))
            {
                problem = $"unknown option {arg}";
                return null;
            }
            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                problem = $"{arg} needs a value";
                return null;
            }
            if (!values.TryAdd(arg, args[++i]))
            {
                problem = $"{arg} is given twice";
                return null;
            }
        }
        if (scenarioPath is null)
        {
            problem = "expected the scenario file, SCENARIO.json";
            return null;
        }
        long? runs = null, seed = null, threads = null;
        problem = Whole(values, "--runs", ref runs) ?? Whole(values, "--seed", ref seed) ?? Whole(values, "--threads", ref threads);
        if (problem is null && runs is < 1 or > MaximumRuns) problem = $"--runs {runs}: must be from 1 to {MaximumRuns:N0}";
        if (problem is null && threads is < 1 or > 1024) problem = $"--threads {threads}: must be from 1 to 1024";
        Uri? fromTwin = null;
        if (problem is null && values.TryGetValue("--from-twin", out string? twin))
        {
            if (values.ContainsKey("--city")) problem = "--from-twin and --city: plan on one city, the live twin or a file";
            else if (!Uri.TryCreate(twin, UriKind.Absolute, out fromTwin) || fromTwin.Scheme is not ("http" or "https"))
                problem = $"--from-twin {twin}: must be the twin's http(s) address, e.g. http://localhost:5080";
        }
        if (problem is not null) return null;
        return new ScenarioRunOptions(
            scenarioPath, values.GetValueOrDefault("--city"), (int?)runs, seed, values.GetValueOrDefault("--out"), (int?)threads, fromTwin);
    }

    private static string? Whole(Dictionary<string, string> values, string option, ref long? value)
    {
        if (!values.TryGetValue(option, out string? text)) return null;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed))
            return $"{option}: \"{text}\" is not a whole number";
        value = parsed;
        return null;
    }
}
