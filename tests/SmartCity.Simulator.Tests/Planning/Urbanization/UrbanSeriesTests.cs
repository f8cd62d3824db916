using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using SmartCity.Simulator.Planning.Urbanization;

namespace SmartCity.Simulator.Tests.Planning.Urbanization;

public sealed partial class UrbanSeriesTests
{
    private const string EightYears = "2000,30\n2001,31\n2002,32\n2003,33\n2004,34\n2005,35\n2006,36\n2007,37\n";

    [GeneratedRegex(@"^SHA-256: `(?<hash>[0-9a-f]{64})`", RegexOptions.Multiline)]
    private static partial Regex Sha256Line();

    private static SeriesProblem ProblemIn(string text)
    {
        Assert.Null(UrbanSeries.Parse(new StringReader(text), out var problem));
        return problem!;
    }

    [Fact]
    public void The_china_series_reads_with_its_vintage()
    {
        var china = UrbanizationFiles.ReadChina();

        Assert.Equal((1960, 2024, 65), (china.FirstYear, china.LastYear, china.Observations.Count));
        Assert.Equal("World Bank WDI SP.URB.TOTL.IN.ZS, last updated 2025-07-01", china.Vintage);
        Assert.Equal(49.226, china.ShareIn(2010));
    }

    [Fact]
    public void The_china_series_is_the_CHN_row_of_the_World_Bank_file_unchanged()
    {
        string[] lines = File.ReadAllLines(UrbanizationFiles.WorldBankFile);
        string[] years = Cells(lines.Single(l => l.StartsWith("\"Country Name\"", StringComparison.Ordinal)));
        string[] values = Cells(lines.Single(l => l.Contains("\"CHN\"", StringComparison.Ordinal)));
        var expected = years.Zip(values).Skip(4).Where(p => p.Second.Length > 0)
            .Select(p => (int.Parse(p.First, CultureInfo.InvariantCulture), double.Parse(p.Second, CultureInfo.InvariantCulture)));

        Assert.Equal(expected, UrbanizationFiles.ReadChina().Observations.Select(o => (o.Year, o.UrbanShare)));

        static string[] Cells(string line) => [.. line.TrimEnd(',').Trim('"').Split("\",\"")];
    }

    [Fact]
    public void The_World_Bank_file_is_byte_for_byte_the_one_SOURCE_md_describes()
    {
        string source = File.ReadAllText(Path.Combine(UrbanizationFiles.DatasetFolder, "SOURCE.md"));

        string actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(UrbanizationFiles.WorldBankFile)));

        Assert.Equal(Sha256Line().Match(source).Groups["hash"].Value, actual);
    }

    [Fact]
    public void A_series_without_a_vintage_line_says_so()
    {
        var series = UrbanSeries.Parse(new StringReader("year,urban_share\n" + EightYears), out _)!;

        Assert.Null(series.Vintage);
        Assert.StartsWith("not stated", series.VintageText);
    }

    [Fact]
    public void Quotes_spaces_a_byte_order_mark_extra_columns_and_an_optional_population_are_accepted()
    {
        var series = UrbanSeries.Parse(new StringReader("\uFEFF# vintage: test 2025\n\"year\", \"urban_share\" ,total_population,note\n" +
            string.Concat(Enumerable.Range(0, 8).Select(i => $"{2000 + i}, {30 + i}.5 ,{(i == 0 ? "" : "1.2e9")},x\n"))), out var problem);

        Assert.Null(problem);
        Assert.Equal("test 2025", series!.Vintage);
        Assert.Equal(new UrbanObservation(2000, 30.5, null), series.Observations[0]);
        Assert.Equal(1.2e9, series.Observations[1].TotalPopulation);
    }

    [Theory]
    [InlineData("year,share\n" + EightYears, 1, "urban_share", "no column \"urban_share\"")]
    [InlineData("urban_share\n30\n", 1, "year", "no column \"year\"")]
    [InlineData("# vintage: x\nyear,urban_share\n2000,30\n2001,thirty\n", 4, "urban_share", "\"thirty\" is not a number")]
    [InlineData("year,urban_share\n2000,30\n2001,31,5\n", 3, null, "3 fields where the header has 2")]
    [InlineData("year,urban_share\n2000,30\n2001,120\n", 3, "urban_share", "outside 0..100")]
    [InlineData("year,urban_share\n2000,30\n2001,0\n", 3, "urban_share", "outside 0..100")]
    [InlineData("year,urban_share\n2000,30\n2001,\n", 3, "urban_share", "\"\" is not a number")]
    [InlineData("year,urban_share\n2000,30\n2001.5,31\n", 3, "year", "not a whole year")]
    [InlineData("year,urban_share\n2000,30\n2002,31\n2001,32\n", 4, "year", "2001 does not come after 2002")]
    [InlineData("year,urban_share\n2000,30\n2000,31\n", 3, "year", "2000 does not come after 2000")]
    [InlineData("year,urban_share,total_population\n2000,30,many\n", 2, "total_population", "not a positive number")]
    [InlineData("year,urban_share\n2000,30\n2001,31\n2002,32\n", 4, null, "has 3 years; the fits need at least 8")]
    [InlineData("# only a comment\n", 1, null, "no header line")]
    public void A_bad_series_names_the_line_and_column(string text, int line, string? column, string message)
    {
        var problem = ProblemIn(text);

        Assert.Equal(line, problem.Line);
        Assert.Equal(column, problem.Column);
        Assert.Contains(message, problem.Message);
        Assert.StartsWith($"line {line}", problem.ToString());
    }
}
