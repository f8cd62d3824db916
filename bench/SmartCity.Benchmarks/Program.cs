using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using SmartCity.Benchmarks;
using SmartCity.Benchmarks.Cluster;
using SmartCity.Grains.City;
using SmartCity.Silo.Hosting;
using SmartCity.TestSupport;

// Starts the real twin in this process (silo + HTTP API on loopback, SQLite storage in a temp folder)
// and measures it against baselines taken in the same run. Usage:
//   dotnet run -c Release --project bench/SmartCity.Benchmarks
//   [-- --seconds 10] [--only grains|hotbay|batches|singles|nearby|reports|logappend|replay|planning]
// The soak is not in the default run either (docs/soak.md):
//   dotnet run -c Release --project bench/SmartCity.Benchmarks -- --only soak [--minutes 10] [--gateways 16] [--batch 2500]
// The cluster comparison is not in the default run (it starts PostgreSQL and silo processes; docs/cluster-benchmark.md):
//   dotnet run -c Release --project bench/SmartCity.Benchmarks -- --only cluster [--seconds 10] [--silos 1,3]
var options = Enumerable.Range(0, args.Length / 2).ToDictionary(i => args[2 * i].TrimStart('-'), i => args[2 * i + 1]);
int seconds = int.Parse(options.GetValueOrDefault("seconds", "10"), CultureInfo.InvariantCulture);
string? only = options.GetValueOrDefault("only");
var phase = TimeSpan.FromSeconds(seconds);
if (only == "soak")
{
    // The 10-minute soak (docs/soak.md): dotnet run -c Release --project bench/SmartCity.Benchmarks -- --only soak --minutes 10
    var minutes = TimeSpan.FromMinutes(double.Parse(options.GetValueOrDefault("minutes", "10"), CultureInfo.InvariantCulture));
    return await SmartCity.Benchmarks.Soak.SoakBenchmark.RunAsync(
        minutes, int.Parse(options.GetValueOrDefault("gateways", "16"), CultureInfo.InvariantCulture), int.Parse(options.GetValueOrDefault("batch", "2500"), CultureInfo.InvariantCulture));
}
if (only == "cluster")
{
    int[] sizes = [.. options.GetValueOrDefault("silos", "1,3").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
    await ClusterBenchmark.RunAsync(phase, sizes);
    return 0;
}
string folder = Directory.CreateTempSubdirectory("smartcity-bench-").FullName;
var baseAddress = new Uri($"http://127.0.0.1:{LocalPorts.Free()}");

var app = SmartCityHost.Build(
[
    $"--Urls={baseAddress}", $"--db={Path.Combine(folder, "twin.db")}",
    $"--Orleans:SiloPort={LocalPorts.Free()}", $"--Orleans:GatewayPort={LocalPorts.Free()}",
    "--Logging:LogLevel:Default=Warning",
    "--Mqtt:Enabled=false",
    TestCredentials.SigningKeyArgument,
]);
await app.StartAsync();
try
{
    using var bench = new TwinBenchmarks(app.Services, baseAddress, phase);
    var events = new EventLogBenchmarks(app.Services.GetRequiredService<CityMap>(), phase, folder);
    var planning = new PlanningBenchmarks(app.Services.GetRequiredService<CityMap>());
    var city = app.Services.GetRequiredService<CityMap>().Definition;
    Console.WriteLine(FormattableString.Invariant(
        $"SmartCity benchmark {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} cores; .NET {Environment.Version}; {city.ParkingBays.Count} bays; SQLite write-behind; {seconds} s per phase"));
    await bench.WarmUpAsync();
    var report = new BenchmarkReport();
    var scenarios = new (string Name, Func<BenchmarkReport, Task> Run)[]
    {
        ("grains", bench.GrainCallsAsync),
        ("hotbay", bench.HotBayAsync),
        ("batches", bench.HttpBatchesAsync),
        ("singles", bench.HttpSinglesAsync),
        ("nearby", bench.NearbyDuringIngestAsync),
        ("reports", bench.ReportsAsync),
        ("logappend", events.LogAppendAsync),
        ("replay", events.ReplayAsync),
        ("planning", planning.MonteCarloAsync),
    };
    foreach (var (name, run) in scenarios.Where(s => only is null || s.Name == only)) await run(report);
    report.Print(Console.Out);
}
finally
{
    await app.StopAsync();
    await app.DisposeAsync();
    Directory.Delete(folder, recursive: true);
}
return 0;
