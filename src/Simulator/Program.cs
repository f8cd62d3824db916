using System.Globalization;
using System.Text.Json;
using SmartCity.Simulator;
using SmartCity.Simulator.Import;
using SmartCity.Simulator.Load;
using SmartCity.Simulator.Planning;
using SmartCity.Simulator.Planning.Urbanization;
using SmartCity.Simulator.Replay;

if (args is ["replay", ..]) return await ReplayCommand.RunAsync(args[1..]);
if (args is ["import", ..]) return await ImportCommand.RunAsync(args[1..]);
if (args is ["urbanization", ..]) return UrbanizationCommand.Run(args[1..]);
if (args is ["scenario", ..]) return ScenarioCommand.Run(args[1..]);

// SmartCity simulator command line. For now: `load`, which drives a running twin with sensor readings.
if (args is not ["load", ..])
{
    Console.WriteLine("""
        usage: dotnet run --project src/Simulator -- load --city FILE.geojson [--target http://localhost:5080]
                 [--seconds 30] [--batch 1000] [--workers 8] [--seed 1]
          Sends random bay-occupancy readings in batches to POST /api/readings for the given time,
          then prints throughput and latency percentiles. FILE is the city the twin runs (see
          `dotnet run --project src/Silo -- generate-city FILE`).
        """);
    return args.Length == 0 ? 0 : 2;
}

var options = ParseOptions(args[1..]);
if (!options.TryGetValue("city", out var cityPath))
{
    Console.Error.WriteLine("load: --city FILE.geojson is required (the bays to send readings for).");
    return 2;
}
var target = new Uri(options.GetValueOrDefault("target", "http://localhost:5080"));
int seconds = int.Parse(options.GetValueOrDefault("seconds", "30"), CultureInfo.InvariantCulture);
int batch = int.Parse(options.GetValueOrDefault("batch", "1000"), CultureInfo.InvariantCulture);
int workers = int.Parse(options.GetValueOrDefault("workers", "8"), CultureInfo.InvariantCulture);
int seed = int.Parse(options.GetValueOrDefault("seed", "1"), CultureInfo.InvariantCulture);

var bayIds = ReadBayIds(cityPath);
var load = new ReadingLoad(bayIds, seed);
using var http = TwinCredential.Attach(new HttpClient { BaseAddress = target });
var generators = Enumerable.Range(0, workers).Select(load.GeneratorFor).ToArray();
var result = await LoadRun.RunAsync("readings", workers, TimeSpan.FromSeconds(seconds), async (worker, ct) =>
{
    using var response = await http.PostAsync("/api/readings", load.Batch(generators[worker], batch, TimeProvider.System.GetUtcNow()), ct);
    return response.IsSuccessStatusCode ? batch : -1;
});
Console.WriteLine(FormattableString.Invariant(
    $"{result.Requests} requests, {result.Items} readings, {result.Errors} errors in {result.Elapsed.TotalSeconds:F1} s: {result.ItemsPerSecond:F0} readings/s; latency ms p50 {result.Latency.P50:F1} p90 {result.Latency.P90:F1} p99 {result.Latency.P99:F1} max {result.Latency.Max:F1}"));
return result.Errors == 0 ? 0 : 1;

static Dictionary<string, string> ParseOptions(string[] args)
{
    var options = new Dictionary<string, string>(StringComparer.Ordinal);
    for (int i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
    return options;
}

// Reads the ids of parking bays from a city GeoJSON file without needing the twin's own model.
static List<string> ReadBayIds(string path)
{
    using var document = JsonDocument.Parse(File.ReadAllBytes(path));
    return [.. document.RootElement.GetProperty("features").EnumerateArray()
        .Where(f => f.TryGetProperty("properties", out var p) && p.TryGetProperty("kind", out var k) && k.GetString() == "parkingBay")
        .Select(f => f.GetProperty("id").GetString()!)];
}
