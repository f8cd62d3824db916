using System.Globalization;

namespace SmartCity.Simulator.Planning.Urbanization;

/// <summary>What the command line asked for: back-test from a cut-off year, or project from the end of the series.</summary>
public sealed record UrbanizationOptions(bool Backtest, string SeriesPath, int? TrainUntil, int To, ProjectionSettings Settings);

/// <summary>
/// `urbanization backtest|project`: the urban-share projection as CSV (year,p10,p50,p90) on stdout, and the model
/// report (vintage, parameters, back-test, weights, and for backtest the actual values against the band) on stderr.
/// </summary>
public static class UrbanizationCommand
{
    public const string Usage = """
        usage: dotnet run --project src/Simulator -- urbanization backtest --series FILE.csv --train-until YEAR --to YEAR [--seed N] [--recent-years N]
               dotnet run --project src/Simulator -- urbanization project --series FILE.csv --to YEAR [--seed N] [--recent-years N]
          Fits a logistic curve and the UN urban-rural growth difference to the series (CSV: year,urban_share[,total_population],
          percent, after '# vintage: ...'), weights them by back-testing on the series, and prints year,p10,p50,p90 for the
          years after --train-until (backtest) or after the series ends (project) up to --to. The report goes to stderr.
          --seed (default 1) fixes the simulation; --recent-years (default 10) is the URGD window. See docs/planning-urbanization.md.
        """;

    /// <summary>The furthest a projection may reach; beyond a century the band says nothing useful.</summary>
    public const int MaximumHorizon = 100;

    public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>0 when the projection was printed; 1 when the series file is unusable; 2 for a wrong command line.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (Parse(args, out string? problem) is not { } options) return Refuse(error, problem!);
        if (!File.Exists(options.SeriesPath)) return Refuse(error, $"--series: there is no file {Path.GetFullPath(options.SeriesPath)}");
        if (UrbanSeries.Read(options.SeriesPath, out var seriesProblem) is not { } series)
        {
            error.WriteLine($"urbanization: {options.SeriesPath} {seriesProblem}");
            return 1;
        }
        if (CheckYears(options, series) is { } yearProblem) return Refuse(error, yearProblem);

        var training = options.TrainUntil is int cutOff ? series.Until(cutOff) : series;
        if (UrbanProjection.Project(training, options.To, options.Settings, out string? projectionProblem) is not { } projection)
        {
            if (options.Backtest) return Refuse(error, $"--train-until {options.TrainUntil}: {projectionProblem}");
            error.WriteLine($"urbanization: {options.SeriesPath}: {projectionProblem}");
            return 1;
        }
        WriteCsv(projection.Years, output);
        UrbanizationReport.Write(projection, options, series, error);
        return 0;
    }

    /// <summary>The CSV on stdout: nothing but the header and one line per year, invariant culture, two decimals.</summary>
    public static void WriteCsv(IReadOnlyList<ProjectedYear> years, TextWriter output)
    {
        output.WriteLine("year,p10,p50,p90");
        foreach (var year in years)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{year.Year},{year.P10:F2},{year.P50:F2},{year.P90:F2}"));
    }

    /// <summary>The options, or null with what is wrong with the command line (naming the option).</summary>
    public static UrbanizationOptions? Parse(string[] args, out string? problem)
    {
        problem = null;
        if (args is not [("backtest" or "project") and var mode, .. var rest])
        {
            problem = args.Length == 0 ? "expected backtest or project" : $"unknown subcommand \"{args[0]}\"; expected backtest or project";
            return null;
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < rest.Length; i++)
        {
            string option = rest[i];
            if (option is not ("--series" or "--train-until" or "--to" or "--seed" or "--recent-years"))
            {
                problem = option.StartsWith("--", StringComparison.Ordinal) ? $"unknown option {option}" : $"unexpected argument \"{option}\"";
                return null;
            }
            if (i + 1 >= rest.Length || rest[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                problem = $"{option} needs a value";
                return null;
            }
            values[option] = rest[++i];
        }
        bool backtest = mode == "backtest";
        problem = Required(values, "--series") ?? Required(values, "--to")
            ?? (backtest ? Required(values, "--train-until") : values.ContainsKey("--train-until") ? "--train-until only applies to backtest" : null);
        if (problem is not null) return null;

        int? trainUntil = null, to = null, seed = 1, recentYears = 10;
        problem = Whole(values, "--to", ref to) ?? Whole(values, "--train-until", ref trainUntil)
            ?? Whole(values, "--seed", ref seed) ?? Whole(values, "--recent-years", ref recentYears);
        if (problem is null && recentYears < 3) problem = $"--recent-years {recentYears}: the growth difference needs at least 3 years";
        if (problem is null && trainUntil >= to) problem = $"--to {to} must come after --train-until {trainUntil}";
        if (problem is not null) return null;
        return new UrbanizationOptions(backtest, values["--series"], trainUntil, to!.Value,
            new ProjectionSettings { Seed = seed!.Value, RecentYears = recentYears!.Value });
    }

    /// <summary>The year checks that need the series: where the projection starts and how far it reaches.</summary>
    private static string? CheckYears(UrbanizationOptions options, UrbanSeries series)
    {
        if (options.TrainUntil is int cutOff && (cutOff < series.FirstYear || cutOff >= series.LastYear))
            return $"--train-until {cutOff} is outside the series' years {series.FirstYear}..{series.LastYear - 1}; to project from the end, use project";
        int start = options.TrainUntil ?? series.LastYear;
        if (options.To <= start) return $"--to {options.To} must come after the last year used, {start}";
        if (options.To - start > MaximumHorizon) return $"--to {options.To} is more than {MaximumHorizon} years after {start}";
        return null;
    }

    private static string? Required(Dictionary<string, string> values, string option) =>
        values.ContainsKey(option) ? null : $"{option} is required";

    private static string? Whole(Dictionary<string, string> values, string option, ref int? value)
    {
        if (!values.TryGetValue(option, out string? text)) return null;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed)) return $"{option}: \"{text}\" is not a whole number";
        value = parsed;
        return null;
    }

    private static int Refuse(TextWriter error, string problem)
    {
        error.WriteLine($"urbanization: {problem}");
        error.WriteLine(Usage);
        return 2;
    }
}
