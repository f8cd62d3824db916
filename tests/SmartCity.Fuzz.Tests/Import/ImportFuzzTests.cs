using System.Text;
using CsCheck;
using SmartCity.Grains.City;
using SmartCity.Simulator.Import;

namespace SmartCity.Fuzz.Tests.Import;

/// <summary>
/// The dataset imports (simulator import) fed hostile CSV made from the first rows of the real files: an
/// import ends with its outcome (written, or refused with the reason), never with an exception, and the
/// city it writes reads back through the city-file loader.
/// </summary>
public sealed class ImportFuzzTests : IDisposable
{
    private const int TemplateRows = 12;

    private readonly string _scratch = Path.Combine(Path.GetTempPath(), $"fuzz-import-{Guid.NewGuid():N}");

    [Theory]
    [InlineData("parking-birmingham", "parking-birmingham/parking_birmingham.csv")]
    [InlineData("boston-311", "boston-311/boston311-100.csv")]
    public void A_hostile_csv_ends_in_an_outcome_never_an_exception(string dataset, string sample)
    {
        string[] lines = [.. File.ReadLines(Path.Combine(RepositoryRoot(), "datasets", sample)).Take(TemplateRows + 1)];
        FuzzRun.Check(
            $"import {dataset}",
            Gen.Select(HostileCsv(lines), Gen.Bool),
            ciRuns: 100,
            t => ImportsCleanly(dataset, t.Item1, stopAtFirstProblem: t.Item2),
            t => $"(--on-error {(t.Item2 ? "stop" : "skip")}){Environment.NewLine}{Encoding.UTF8.GetString(t.Item1)}");
    }

    private void ImportsCleanly(string dataset, byte[] csv, bool stopAtFirstProblem)
    {
        string run = Path.Combine(_scratch, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(run);
        string source = Path.Combine(run, "input.csv");
        File.WriteAllBytes(source, csv);
        string output = Path.Combine(run, "out");

        var outcome = ImportRun.Execute(new ImportOptions(dataset, source, output, stopAtFirstProblem));

        if (!outcome.Succeeded)
        {
            Assert.False(string.IsNullOrWhiteSpace(outcome.Failure));
            Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), "A failed import left files behind.");
            return;
        }
        Assert.True(outcome.Report.RowsSkipped <= outcome.Report.RowsRead);
        Assert.NotNull(CityFile.ReadFile(Path.Combine(output, ImportRun.CityFileName)));
    }

    /// <summary>The sample's lines with one hostile change: a field replaced (quoted or raw), a field added or dropped, bytes spliced, the text cut.</summary>
    private static Gen<byte[]> HostileCsv(string[] lines)
    {
        var row = Gen.Int[0, lines.Length - 1];
        var value = Gen.OneOf(
            HostileInput.Text,
            HostileInput.NumberToken,
            HostileInput.CoordinateToken,
            Gen.OneOf("\"", "\"unterminated", "a\"b", "\r", "\n", "\r\n", ",", ",,,,", "\0", " ", "-", "2016-13-45 25:61:61", "0000-00-00 00:00:00",
                "9999-12-31 23:59:59", "2016-10-04T07:59:42Z", "Open", "Closed", "ONTIME", "42.3594", "-71.0587", "BHMBCCMKT01"));
        var changed = Gen.OneOf(
            Gen.Select(row, Gen.Int[0, 40], value, Gen.Bool).Select(t => ReplaceField(lines, t.Item1, t.Item2, t.Item4 ? Quoted(t.Item3) : t.Item3)),
            Gen.Select(row, value).Select(t => Join(lines.Select((l, i) => i == t.Item1 ? l + "," + t.Item2 : l))),
            row.Select(r => Join(lines.Select((l, i) => i == r && l.Contains(',', StringComparison.Ordinal) ? l[..l.LastIndexOf(',')] : l))),
            Gen.Select(row, Gen.Int[1, 3]).Select(t => Join(lines.Take(t.Item1).Concat(Enumerable.Repeat(lines[t.Item1], t.Item2 * 500)))),
            Gen.Int[0, Join(lines).Length].Select(cut => Join(lines)[..cut]),
            Gen.OneOf("", "\uFEFF", "\r\n", lines[0], string.Join('\r', lines), string.Join('\n', lines) + "\n\n\n", new string('x', 200_000)));
        return Gen.Frequency(
            (8, changed.Select(Encoding.UTF8.GetBytes)),
            (1, Gen.Select(Gen.Int[0, Encoding.UTF8.GetByteCount(Join(lines))], Gen.OneOf<byte[]>([0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0x00], [0xEF, 0xBB, 0xBF]))
                .Select(t =>
                {
                    byte[] bytes = Encoding.UTF8.GetBytes(Join(lines));
                    return (byte[])[.. bytes[..t.Item1], .. t.Item2, .. bytes[t.Item1..]];
                })),
            (1, Gen.Byte.Array[0, 200]));
    }

    private static string ReplaceField(string[] lines, int row, int column, string value)
    {
        var fields = lines[row].Split(',');
        fields[column % fields.Length] = value;
        return Join(lines.Select((l, i) => i == row ? string.Join(',', fields) : l));
    }

    private static string Quoted(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Join(IEnumerable<string> lines) => string.Join("\r\n", lines) + "\r\n";

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "SmartCity.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new DirectoryNotFoundException("No SmartCity.sln above the test binaries.");
    }

    public void Dispose()
    {
        if (Directory.Exists(_scratch)) Directory.Delete(_scratch, recursive: true);
    }
}
