using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SmartCity.Grains.City;
using SmartCity.Grains.Parking;
using SmartCity.Grains.Readings;
using SmartCity.Simulator.Load;
using SmartCity.TestSupport;

namespace SmartCity.Benchmarks;

/// <summary>
/// The scenarios of the foundation issue, each measured beside a baseline from the same run:
/// grain calls against a read-only grain call, HTTP work against an endpoint that does nothing
/// with the same body, nearby queries under ingest against the same queries without it.
/// </summary>
public sealed class TwinBenchmarks(IServiceProvider services, Uri baseAddress, TimeSpan phase) : IDisposable
{
    private const int GrainCallers = 64;
    private const int BatchSize = 1000;
    private const int BatchWorkers = 4;
    private const int SingleConnections = 64;
    private const int ReportClients = 16;

    private readonly IGrainFactory _grains = services.GetRequiredService<IGrainFactory>();
    private readonly CityMap _city = services.GetRequiredService<CityMap>();
    private readonly TimeSpan _settle = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SmartCity.Grains.TwinOptions>>().Value.WriteBehindInterval + TimeSpan.FromSeconds(3);
    private readonly HttpClient _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = baseAddress }.AsAdmin();
    private long _readingSequence;

    private IReadOnlyList<ParkingBayDefinition> Bays => _city.Definition.ParkingBays;

    /// <summary>
    /// Runs one phase after the write-behind flushes of the previous one are over, so that no phase,
    /// baseline or measured, pays for another's storage writes.
    /// </summary>
    private async Task<LoadResult> PhaseAsync(string name, int workers, Func<int, CancellationToken, Task<int>> operation)
    {
        await Task.Delay(_settle);
        return await LoadRun.RunAsync(name, workers, phase, operation);
    }

    public async Task WarmUpAsync()
    {
        // Activate every bay once so that activation and first storage reads are not measured.
        await Task.WhenAll(Bays.Select(b => _grains.GetGrain<IParkingBayGrain>(b.Id).GetAsync()));
        await LoadRun.RunAsync("warm-up", BatchWorkers, TimeSpan.FromSeconds(2), (w, ct) => PostBatchAsync("/api/readings", Load(w), w, ct));
    }

    public async Task GrainCallsAsync(BenchmarkReport report)
    {
        var baseline = await PhaseAsync("bay reads", GrainCallers, async (w, _) =>
        {
            await _grains.GetGrain<IParkingBayGrain>(RandomBay(w)).GetAsync();
            return 1;
        });
        var measured = await PhaseAsync("bay readings", GrainCallers, async (w, _) =>
        {
            string bay = RandomBay(w);
            await _grains.GetGrain<IParkingBayGrain>(bay).ApplyReadingsAsync([NewReading(bay, w)]);
            return 1;
        });
        report.Add(Throughput("grain calls: one reading to a random bay", measured, baseline, "bay read calls", 100_000));
    }

    public async Task HotBayAsync(BenchmarkReport report)
    {
        string bay = Bays[0].Id;
        var grain = _grains.GetGrain<IParkingBayGrain>(bay);
        var baseline = await PhaseAsync("hot bay reads", 16, async (_, _) =>
        {
            await grain.GetAsync();
            return 1;
        });
        var measured = await PhaseAsync("hot bay readings", 16, async (w, _) =>
        {
            await grain.ApplyReadingsAsync([NewReading(bay, w)]);
            return 1;
        });
        report.Add(Throughput("one hot bay: readings applied", measured, baseline, "reads of the same bay", 10_000));
    }

    public async Task HttpBatchesAsync(BenchmarkReport report)
    {
        var baseline = await PhaseAsync("empty POST, 1000-reading body", BatchWorkers, (w, ct) => PostBatchAsync("/api/ping", Load(w), w, ct));
        var measured = await PhaseAsync("POST /api/readings x1000", BatchWorkers, (w, ct) => PostBatchAsync("/api/readings", Load(w), w, ct));
        report.Add(Throughput($"HTTP: batches of {BatchSize} readings", measured, baseline, "empty POST with the same body", 100_000));
    }

    public async Task HttpSinglesAsync(BenchmarkReport report)
    {
        var load = Load(0);
        var baseline = await PhaseAsync("empty POST, one reading", SingleConnections, (w, ct) => PostOneAsync("/api/ping", load, w, ct));
        var measured = await PhaseAsync("POST /api/readings x1", SingleConnections, (w, ct) => PostOneAsync("/api/readings", load, w, ct));
        report.Add(Throughput($"HTTP: single readings, {SingleConnections} connections", measured, baseline, "empty POST with the same body", 20_000, perRequest: true));
    }

    public async Task NearbyDuringIngestAsync(BenchmarkReport report)
    {
        var idle = await PhaseAsync("nearby, no ingest", 4, NearbyAsync);
        await Task.Delay(_settle);
        var ingest = LoadRun.RunAsync("ingest", 2, phase + TimeSpan.FromSeconds(1), (w, ct) => PostBatchAsync("/api/readings", Load(w), w, ct));
        var busy = await LoadRun.RunAsync("nearby during ingest", 4, phase, NearbyAsync);
        var ingestResult = await ingest;
        double ratio = busy.Latency.P99 / Math.Max(0.001, idle.Latency.P99);
        report.Add(new BenchmarkLine(
            "nearby parking p50 / p99 during batch ingest",
            Invariant($"{busy.Latency.P50:F1} / {busy.Latency.P99:F1} ms ({ingestResult.ItemsPerSecond:N0} readings/s alongside)"),
            Invariant($"{idle.Latency.P50:F1} / {idle.Latency.P99:F1} ms without ingest"),
            ratio, "p99 < 20 ms", busy.Latency.P99 < 20 && busy.Errors == 0));
    }

    /// <summary>Citizen reports filed over HTTP, each durable in SQLite (state and deadline reminder) before its 201.</summary>
    public async Task ReportsAsync(BenchmarkReport report)
    {
        var cells = _city.Definition.GridCells;
        var bodies = Enumerable.Range(0, 256).Select(i => System.Text.Json.JsonSerializer.Serialize(new
        {
            category = "garbage",
            description = Invariant($"Benchmark report {i}: bins overflowing"),
            location = new { lat = cells[i % cells.Count].Boundary.Centroid.Lat, lon = cells[i % cells.Count].Boundary.Centroid.Lon },
            contact = new { phone = "13800000000" },
        })).ToArray();
        var baseline = await PhaseAsync("empty POST, report body", ReportClients, (w, ct) => PostJsonAsync("/api/ping", bodies[Random.Shared.Next(bodies.Length)], ct));
        var measured = await PhaseAsync("POST /api/reports", ReportClients, (w, ct) => PostJsonAsync("/api/reports", bodies[Random.Shared.Next(bodies.Length)], ct));
        report.Add(new BenchmarkLine(
            $"HTTP: citizen reports filed, durable on SQLite, {ReportClients} clients",
            Invariant($"{measured.RequestsPerSecond:N0} reports/s (p50 {measured.Latency.P50:F1} ms, p99 {measured.Latency.P99:F1} ms, {measured.Errors} errors)"),
            Invariant($"{baseline.RequestsPerSecond:N0} requests/s (p99 {baseline.Latency.P99:F1} ms): empty POST with the same body"),
            measured.RequestsPerSecond / Math.Max(1, baseline.RequestsPerSecond),
            "none set; p99 reported", measured.Errors == 0 ? null : false));
    }

    private async Task<int> PostJsonAsync(string path, string json, CancellationToken ct)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), content, ct);
        await response.Content.ReadAsByteArrayAsync(ct);
        return response.IsSuccessStatusCode ? 1 : -1;
    }

    private async Task<int> NearbyAsync(int worker, CancellationToken ct)
    {
        var bay = Bays[Random.Shared.Next(Bays.Count)].Location;
        var uri = new Uri(Invariant($"/api/parking/nearby?lat={bay.Lat}&lon={bay.Lon}&radius=500&limit=10"), UriKind.Relative);
        using var response = await _http.GetAsync(uri, ct);
        await response.Content.ReadAsByteArrayAsync(ct);
        return response.IsSuccessStatusCode ? 1 : -1;
    }

    private readonly Dictionary<int, (ReadingLoad Load, Random Random)> _loads = [];

    private (ReadingLoad Load, Random Random) Load(int worker)
    {
        lock (_loads)
        {
            if (!_loads.TryGetValue(worker, out var load))
            {
                var generator = new ReadingLoad([.. Bays.Select(b => b.Id)], seed: 1000 + worker);
                _loads[worker] = load = (generator, generator.GeneratorFor(worker));
            }
            return load;
        }
    }

    private async Task<int> PostBatchAsync(string path, (ReadingLoad Load, Random Random) load, int worker, CancellationToken ct)
    {
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), load.Load.Batch(load.Random, BatchSize, DateTimeOffset.UtcNow), ct);
        await response.Content.ReadAsByteArrayAsync(ct);
        return response.IsSuccessStatusCode ? BatchSize : -1;
    }

    private async Task<int> PostOneAsync(string path, (ReadingLoad Load, Random Random) load, int worker, CancellationToken ct)
    {
        string bay = RandomBay(worker);
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), load.Load.OneReading(bay, Random.Shared.Next(2) == 1, DateTimeOffset.UtcNow), ct);
        await response.Content.ReadAsByteArrayAsync(ct);
        return response.IsSuccessStatusCode ? 1 : -1;
    }

    private string RandomBay(int worker) => Bays[Random.Shared.Next(Bays.Count)].Id;

    private Reading NewReading(string bay, int worker)
    {
        long n = Interlocked.Increment(ref _readingSequence);
        return new Reading(Invariant($"bench-{n}"), bay, ReadingType.Occupancy, (int)(n & 1), DateTimeOffset.UtcNow.AddTicks(n));
    }

    private static BenchmarkLine Throughput(string scenario, LoadResult measured, LoadResult baseline, string baselineName, double goal, bool perRequest = false)
    {
        double rate = perRequest ? measured.RequestsPerSecond : measured.ItemsPerSecond;
        double baseRate = perRequest ? baseline.RequestsPerSecond : baseline.ItemsPerSecond;
        string unit = perRequest ? "requests/s" : "readings/s";
        return new BenchmarkLine(
            scenario,
            Invariant($"{rate:N0} {unit} (p99 {measured.Latency.P99:F1} ms, {measured.Errors} errors)"),
            Invariant($"{baseRate:N0} {unit}: {baselineName}"),
            rate / Math.Max(1, baseRate),
            Invariant($">= {goal:N0} {unit}"),
            rate >= goal && measured.Errors == 0);
    }

    public void Dispose() => _http.Dispose();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
