namespace SmartCity.Simulator.Import;

/// <summary>`import DATASET FILE.csv --out DIR [--on-error skip|stop]`: a public dataset as a city file and an event file.</summary>
public static class ImportCommand
{
    public const string Usage = """
        usage: dotnet run --project src/Simulator -- import parking-birmingham|boston-311 FILE.csv --out DIR [--on-error skip|stop]
          Turns a public dataset (see datasets/README.md) into DIR/city.geojson, a city built around the data,
          and DIR/events.jsonl, its events for replay (docs/event-files.md). Rows that cannot become valid
          events are listed in DIR/problems.csv; with --on-error skip (the default) they are left out, with
          --on-error stop the import ends at the first one and writes nothing. See docs/import.md.
        """;

    public static Task<int> RunAsync(string[] args) => Task.FromResult(Run(args, Console.Out, Console.Error));

    /// <summary>0 when the files were written; 1 when the data stopped the import; 2 for a wrong command line.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (Parse(args, out string? problem) is not { } options)
        {
            error.WriteLine($"import: {problem}");
            error.WriteLine(Usage);
            return 2;
        }
        if (!File.Exists(options.SourcePath))
        {
            error.WriteLine($"import: there is no file {Path.GetFullPath(options.SourcePath)}");
            return 2;
        }
        var outcome = ImportRun.Execute(options);
        outcome.Report.WriteSummary(output);
        if (outcome.Succeeded) return 0;
        error.WriteLine($"import: {outcome.Failure}");
        error.WriteLine($"import: nothing was written to {options.OutputDirectory}");
        return 1;
    }

    /// <summary>The options, or null with what is wrong with the command line.</summary>
    public static ImportOptions? Parse(string[] args, out string? problem)
    {
        problem = null;
        string? outputDirectory = null, onError = "skip";
        var positional = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Length:
                    outputDirectory = args[++i];
                    break;
                case "--on-error" when i + 1 < args.Length:
                    onError = args[++i];
                    break;
                case "--out" or "--on-error":
                    problem = $"{args[i]} needs a value";
                    return null;
                case var option when option.StartsWith("--", StringComparison.Ordinal):
                    problem = $"unknown option {option}";
                    return null;
                default:
                    positional.Add(args[i]);
                    break;
            }
        }
        if (positional is not [var dataset, var source])
        {
            problem = "expected a dataset and a CSV file";
            return null;
        }
        if (ImportRun.DatasetNamed(dataset) is null)
        {
            problem = $"unknown dataset \"{dataset}\"; known: {string.Join(", ", ImportRun.Datasets)}";
            return null;
        }
        if (outputDirectory is null)
        {
            problem = "--out DIR is required";
            return null;
        }
        if (onError is not ("skip" or "stop"))
        {
            problem = $"--on-error takes skip or stop, not \"{onError}\"";
            return null;
        }
        return new ImportOptions(dataset, source, outputDirectory, onError == "stop");
    }
}
