using System.Text;
using System.Text.Json;
using SmartCity.Grains.City;
using SmartCity.Simulator.Import;

namespace SmartCity.Simulator.Tests.Import;

/// <summary>The checked-in datasets, scratch directories, and reading back what an import wrote.</summary>
internal static class ImportFiles
{
    /// <summary>The repository root: the first folder above the test binaries that holds SmartCity.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Dataset(params string[] parts) => Path.Combine([RepositoryRoot, "datasets", .. parts]);

    public static string BirminghamCsv => Dataset("parking-birmingham", "parking_birmingham.csv");

    public static string BostonCsv => Dataset("boston-311", "boston311-100.csv");

    /// <summary>A path for an output directory that does not exist yet.</summary>
    public static string NewDirectory() => Path.Combine(Path.GetTempPath(), "smartcity-import-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Writes <paramref name="text"/> as UTF-8 (with a byte order mark if asked) to a new file and returns its path.</summary>
    public static string WriteCsv(string text, bool byteOrderMark = false)
    {
        string directory = NewDirectory();
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "input.csv");
        File.WriteAllText(path, text, new UTF8Encoding(byteOrderMark));
        return path;
    }

    public static ImportOutcome Import(string dataset, string csv, string outputDirectory, bool stop = false) =>
        ImportRun.Execute(new ImportOptions(dataset, csv, outputDirectory, stop));

    /// <summary>Every line of an event file, parsed.</summary>
    public static List<JsonElement> ReadEvents(string outputDirectory) =>
        [.. File.ReadAllLines(Path.Combine(outputDirectory, ImportRun.EventFileName))
            .Where(line => line.Length > 0)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())];

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SmartCity.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No SmartCity.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>A real dataset imported once into a scratch folder, for the tests that only read what the import wrote.</summary>
public abstract class ImportedDataset : IDisposable
{
    protected ImportedDataset(string adapter, string csvPath)
    {
        Outcome = ImportFiles.Import(adapter, csvPath, Directory);
        Events = ImportFiles.ReadEvents(Directory);
        City = CityFile.ReadFile(Path.Combine(Directory, ImportRun.CityFileName));
    }

    public string Directory { get; } = ImportFiles.NewDirectory();

    public ImportOutcome Outcome { get; }

    public List<JsonElement> Events { get; }

    public CityDefinition City { get; }

    public void Dispose()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
