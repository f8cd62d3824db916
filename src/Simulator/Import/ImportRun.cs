using System.Text;
using SmartCity.Grains.City;

namespace SmartCity.Simulator.Import;

/// <summary>What to import, from where, into which directory, and whether the first problem row stops it.</summary>
public sealed record ImportOptions(string Dataset, string SourcePath, string OutputDirectory, bool StopAtFirstProblem);

/// <summary>The report of a run; <see cref="Failure"/> says why nothing was written when something stopped it.</summary>
public sealed record ImportOutcome(ImportReport Report, string? Failure)
{
    public bool Succeeded => Failure is null;
}

/// <summary>
/// Reads a dataset's CSV row by row through its adapter, then writes city.geojson, events.jsonl and
/// problems.csv. Nothing is written until every row has been read, and then each file goes to a
/// temporary name in the output directory first and is moved into place only when all three are
/// complete, so a failed or stopped import leaves no partial output.
/// </summary>
public static class ImportRun
{
    public const string CityFileName = "city.geojson", EventFileName = "events.jsonl", ProblemFileName = "problems.csv";

    public static IReadOnlyList<string> Datasets { get; } = ["parking-birmingham", "boston-311"];

    public static IDatasetImport? DatasetNamed(string name) => name switch
    {
        "parking-birmingham" => new BirminghamParkingImport(),
        "boston-311" => new Boston311Import(),
        _ => null,
    };

    public static ImportOutcome Execute(ImportOptions options)
    {
        var dataset = DatasetNamed(options.Dataset) ?? throw new ArgumentException($"Unknown dataset \"{options.Dataset}\".", nameof(options));
        var report = new ImportReport(dataset.Name, options.SourcePath);
        using (var csv = CsvRows.Open(options.SourcePath))
        {
            if (ReadRows(csv, dataset, report, options.StopAtFirstProblem) is { } stopped) return new ImportOutcome(report, stopped);
        }
        var data = dataset.Finish(out string? failure);
        if (data is null) return new ImportOutcome(report, failure);

        report.EventsWritten = data.Events.Count;
        report.Entities = data.Entities;
        report.Notes.AddRange(data.Notes);
        Write(options.OutputDirectory, report, data);
        return new ImportOutcome(report, null);
    }

    /// <summary>Null when every row was read; otherwise why the import stopped.</summary>
    private static string? ReadRows(CsvRows csv, IDatasetImport dataset, ImportReport report, bool stopAtFirstProblem)
    {
        if (csv.ReadRecord() is not { } header) return "the file is empty: it has no header row";
        var columns = CsvColumns.Find(header, dataset.Columns, out string? missing);
        if (columns is null) return missing;
        while (csv.ReadRecord() is { } row)
        {
            report.RowsRead++;
            IReadOnlyList<RowProblem> problems = ImportReasons.Check(row, columns) is { } form ? [form] : dataset.Read(row, columns);
            foreach (var problem in problems) report.Add(row, problem);
            if (problems.Count > 0 && stopAtFirstProblem)
            {
                return $"stopped at the first problem (--on-error stop): {ImportReport.Describe(report.Problems[^problems.Count])}";
            }
        }
        return null;
    }

    private static void Write(string directory, ImportReport report, ImportedData data)
    {
        Directory.CreateDirectory(directory);
        (string Name, Action<Stream> Write)[] files =
        [
            (CityFileName, stream => CityFile.Write(data.City, stream)),
            (EventFileName, stream => EventFileWriter.Write(data.Events, stream)),
            (ProblemFileName, stream =>
            {
                using var text = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                report.WriteProblemsCsv(text);
            }),
        ];
        var temporary = files.Select(f => Path.Combine(directory, $".{f.Name}.{Guid.NewGuid():N}.tmp")).ToArray();
        try
        {
            for (int i = 0; i < files.Length; i++)
            {
                using var stream = new FileStream(temporary[i], FileMode.CreateNew, FileAccess.Write);
                files[i].Write(stream);
            }
            for (int i = 0; i < files.Length; i++)
            {
                string final = Path.Combine(directory, files[i].Name);
                File.Move(temporary[i], final, overwrite: true);
                report.OutputFiles.Add(final);
            }
        }
        finally
        {
            foreach (string path in temporary.Where(File.Exists)) File.Delete(path);
        }
    }
}
