using System.Globalization;

namespace SmartCity.Simulator.Tests.Planning.Urbanization;

public sealed class UrbanizationCommandTests
{
    private static readonly string China = UrbanizationFiles.ChinaSeries;

    [Fact]
    public void Backtest_prints_pure_csv_on_stdout_and_the_report_with_the_vintage_on_stderr()
    {
        var (exitCode, output, error) = UrbanizationFiles.Run("backtest", "--series", China, "--train-until", "2010", "--to", "2024");

        Assert.Equal(0, exitCode);
        string[] lines = output.TrimEnd('\n').Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("year,p10,p50,p90", lines[0]);
        Assert.Equal(Enumerable.Range(2011, 14), lines.Skip(1).Select(l => int.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)));
        Assert.All(lines.Skip(1), l => Assert.All(l.Split(',').Skip(1), v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)));
        Assert.Contains("vintage: World Bank WDI SP.URB.TOTL.IN.ZS, last updated 2025-07-01", error);
        Assert.Contains("weights (inverse mean squared back-test error", error);
        Assert.Contains("mean absolute error of p50", error);
    }

    [Fact]
    public void Project_starts_after_the_last_observed_year()
    {
        var (exitCode, output, _) = UrbanizationFiles.Run("project", "--series", China, "--to", "2030");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("year,p10,p50,p90\n2025,", output.ReplaceLineEndings("\n"));
        Assert.EndsWith("\n", output.ReplaceLineEndings("\n"));
        Assert.Equal(7, output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').Length);
    }

    [Fact]
    public void The_same_seed_prints_the_same_csv_and_another_seed_another()
    {
        string[] args = ["project", "--series", China, "--to", "2060", "--seed", "42"];

        string first = UrbanizationFiles.Run(args).Output;

        Assert.Equal(first, UrbanizationFiles.Run(args).Output);
        Assert.NotEqual(first, UrbanizationFiles.Run([.. args[..^1], "43"]).Output);
    }

    [Theory]
    [InlineData("expected backtest or project")]
    [InlineData("unknown subcommand \"forecast\"", "forecast", "--series", "x.csv")]
    [InlineData("--series is required", "project", "--to", "2050")]
    [InlineData("--train-until is required", "backtest", "--series", "CHINA", "--to", "2024")]
    [InlineData("--train-until only applies to backtest", "project", "--series", "CHINA", "--to", "2050", "--train-until", "2010")]
    [InlineData("--to: \"soon\" is not a whole number", "project", "--series", "CHINA", "--to", "soon")]
    [InlineData("--to needs a value", "project", "--series", "CHINA", "--to")]
    [InlineData("unknown option --colour", "project", "--series", "CHINA", "--to", "2050", "--colour", "red")]
    [InlineData("--seed: \"x\" is not a whole number", "project", "--series", "CHINA", "--to", "2050", "--seed", "x")]
    [InlineData("--recent-years 2", "project", "--series", "CHINA", "--to", "2050", "--recent-years", "2")]
    [InlineData("--to 2005 must come after --train-until 2010", "backtest", "--series", "CHINA", "--train-until", "2010", "--to", "2005")]
    [InlineData("--series: there is no file", "project", "--series", "no-such-series.csv", "--to", "2050")]
    [InlineData("--train-until 2030 is outside the series' years 1960..2023", "backtest", "--series", "CHINA", "--train-until", "2030", "--to", "2040")]
    [InlineData("--to 2020 must come after the last year used, 2024", "project", "--series", "CHINA", "--to", "2020")]
    [InlineData("--to 2200 is more than 100 years after 2024", "project", "--series", "CHINA", "--to", "2200")]
    [InlineData("--train-until 1965: the series up to 1965 has 6 years", "backtest", "--series", "CHINA", "--train-until", "1965", "--to", "1980")]
    public void A_wrong_command_line_names_the_option_and_exits_with_2(string message, params string[] args)
    {
        var (exitCode, output, error) = UrbanizationFiles.Run([.. args.Select(a => a == "CHINA" ? China : a)]);

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Contains(message, error);
        Assert.Contains("usage:", error);
    }

    [Fact]
    public void A_bad_series_names_the_line_and_column_and_exits_with_1()
    {
        string path = UrbanizationFiles.Write("# vintage: test\nyear,urban_share\n2000,30\n2001,31%\n");

        var (exitCode, output, error) = UrbanizationFiles.Run("project", "--series", path, "--to", "2030");

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains("line 4, column urban_share: \"31%\" is not a number", error);
    }
}
