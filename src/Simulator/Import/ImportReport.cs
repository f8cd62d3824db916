using System.Globalization;
using System.Text;

namespace SmartCity.Simulator.Import;

/// <summary>Why one row could not become events: a reason to count by, and what exactly was wrong with this row.</summary>
public sealed record RowProblem(string Reason, string Detail);

/// <summary>A row problem with the physical line it starts on and the row as it stood in the file.</summary>
public sealed record ImportProblem(int Line, string Reason, string Detail, string Raw);

/// <summary>The problem reasons every dataset shares; each import adds its own.</summary>
public static class ImportReasons
{
    public const string MalformedQuoting = "malformed CSV quoting";
    public const string WrongColumnCount = "wrong column count";
    public const string UnparsableNumber = "unparsable number";
    public const string UnparsableTime = "unparsable date/time";
    public const string NonexistentLocalTime = "local time that does not exist";

    /// <summary>What is wrong with a record's form, or null when it is a well-formed row of <paramref name="columns"/>.</summary>
    public static RowProblem? Check(CsvRecord record, CsvColumns columns)
    {
        if (record.Malformed is { } malformed) return new RowProblem(MalformedQuoting, malformed);
        if (record.Fields.Count == columns.Count) return null;
        return new RowProblem(WrongColumnCount, record.Raw.Length == 0
            ? $"a blank line; the header has {columns.Count} columns"
            : $"{record.Fields.Count} columns where the header has {columns.Count}");
    }
}

/// <summary>What an import did: rows read, events and entities written, every problem row, and notes on the data.</summary>
public sealed class ImportReport(string dataset, string source)
{
    private const int ProblemsShown = 20;

    private readonly List<ImportProblem> _problems = [];
    private readonly HashSet<int> _skippedLines = [];

    public string Dataset => dataset;

    public string Source => source;

    public int RowsRead { get; set; }

    public int EventsWritten { get; set; }

    /// <summary>E.g. "30 car parks; city: 30 grid cells, 3 districts, 33 officials".</summary>
    public string Entities { get; set; } = "";

    /// <summary>Observations about the data as a whole that skip no row, e.g. a car park whose capacity varies.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Where the files went; empty when nothing was written.</summary>
    public List<string> OutputFiles { get; } = [];

    public IReadOnlyList<ImportProblem> Problems => _problems;

    /// <summary>Rows with at least one problem; none of their events were written.</summary>
    public int RowsSkipped => _skippedLines.Count;

    public void Add(CsvRecord record, RowProblem problem)
    {
        _problems.Add(new ImportProblem(record.Line, problem.Reason, problem.Detail, record.Raw));
        _skippedLines.Add(record.Line);
    }

    /// <summary>Problems by reason, most frequent first.</summary>
    public IReadOnlyList<(string Reason, int Count)> CountsByReason() =>
        [.. _problems.GroupBy(p => p.Reason, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count()))
            .OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal)];

    public void WriteSummary(TextWriter output)
    {
        var culture = CultureInfo.InvariantCulture;
        output.WriteLine($"import {dataset} from {source}");
        output.WriteLine(string.Create(culture, $"  rows read:        {RowsRead}"));
        output.WriteLine(string.Create(culture, $"  rows skipped:     {RowsSkipped}"));
        output.WriteLine(string.Create(culture, $"  events written:   {EventsWritten}"));
        output.WriteLine($"  entities created: {(Entities.Length == 0 ? "none" : Entities)}");
        foreach (var note in Notes) output.WriteLine($"  note: {note}");
        if (_problems.Count == 0)
        {
            output.WriteLine("  problems: none");
        }
        else
        {
            output.WriteLine(string.Create(culture, $"  problems by reason ({_problems.Count} in all):"));
            foreach (var (reason, count) in CountsByReason()) output.WriteLine(string.Create(culture, $"    {count,7}  {reason}"));
            output.WriteLine(_problems.Count > ProblemsShown ? $"  first {ProblemsShown} problems:" : "  problems:");
            foreach (var problem in _problems.Take(ProblemsShown)) output.WriteLine($"    {Describe(problem)}");
        }
        foreach (var file in OutputFiles) output.WriteLine($"  wrote {file}");
    }

    public static string Describe(ImportProblem problem) =>
        string.Create(CultureInfo.InvariantCulture, $"line {problem.Line}: {problem.Reason}: {problem.Detail} | {Clip(problem.Raw)}");

    /// <summary>Every problem as CSV: line, reason, detail and the raw row, quoted as RFC 4180 asks.</summary>
    public void WriteProblemsCsv(TextWriter output)
    {
        output.Write("line,reason,detail,row\n");
        foreach (var p in _problems)
        {
            output.Write(p.Line.ToString(CultureInfo.InvariantCulture));
            output.Write(',');
            output.Write(Quote(p.Reason));
            output.Write(',');
            output.Write(Quote(p.Detail));
            output.Write(',');
            output.Write(Quote(p.Raw));
            output.Write('\n');
        }
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static string Clip(string raw)
    {
        var oneLine = new StringBuilder(raw.Length).Append(raw).Replace("\r", "\\r").Replace("\n", "\\n").ToString();
        return oneLine.Length <= 160 ? oneLine : oneLine[..160] + "…";
    }
}
