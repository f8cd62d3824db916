using System.Globalization;
using System.Text;
using MathNet.Numerics.Distributions;
using SmartCity.Simulator.Planning.Urbanization;

namespace SmartCity.Simulator.Tests.Planning.Urbanization;

/// <summary>The checked-in China series, scratch series files, and synthetic series with known parameters.</summary>
internal static class UrbanizationFiles
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string DatasetFolder => Path.Combine(RepositoryRoot, "datasets", "china-urbanization");

    public static string ChinaSeries => Path.Combine(DatasetFolder, "china-urban-share.csv");

    public static string WorldBankFile => Path.Combine(DatasetFolder, "API_SP.URB.TOTL.IN.ZS_DS2_en_csv_v2_22447.csv");

    /// <summary>Writes <paramref name="text"/> to a new file and returns its path.</summary>
    public static string Write(string text)
    {
        string directory = Path.Combine(Path.GetTempPath(), "smartcity-urbanization-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "series.csv");
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    /// <summary>A series file from observations, with a vintage line.</summary>
    public static string Write(UrbanSeries series) => Write(
        $"# vintage: {series.Vintage}\nyear,urban_share\n" +
        string.Concat(series.Observations.Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Year},{o.UrbanShare:R}\n"))));

    /// <summary>A series from <paramref name="share"/> in each year, plus normal noise of <paramref name="noise"/> points (seeded).</summary>
    public static UrbanSeries Synthetic(int firstYear, int lastYear, Func<int, double> share, double noise, int seed)
    {
        var random = new Random(seed);
        return new UrbanSeries(
            [.. Enumerable.Range(firstYear, lastYear - firstYear + 1).Select(year => new UrbanObservation(year, share(year) + Normal.Sample(random, 0, noise), null))],
            "synthetic");
    }

    public static UrbanSeries ReadChina() =>
        UrbanSeries.Read(ChinaSeries, out var problem) ?? throw new InvalidOperationException(problem?.ToString());

    /// <summary>Runs the command and returns its exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        int exitCode = UrbanizationCommand.Run(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SmartCity.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No SmartCity.sln above {AppContext.BaseDirectory}.");
    }
}
