using System.Globalization;
using System.Net.Http.Json;
using SmartCity.Grains;
using SmartCity.Silo.Tests.Cluster;
using SmartCity.Simulator.Load;
using SmartCity.TestSupport;

namespace SmartCity.Benchmarks.Cluster;

/// <summary>One workload's result, who used the CPU while it ran, and what PostgreSQL did for it.</summary>
public sealed record MeasuredLoad(LoadResult Result, CpuShares Cpu, DatabaseWork Database);

/// <summary>What one cluster size achieved under the three workloads.</summary>
public sealed record ClusterFigures(
    int Silos, MeasuredLoad Ingest, MeasuredLoad Reports, MeasuredLoad Nearby, MeasuredLoad City, MeasuredLoad IngestDuringQueries);

/// <summary>
/// The same load for any number of silos, sent from this process over loopback HTTP and spread
/// round-robin over the silos request by request, as a load balancer in front of them would:
/// readings ingest, citizen reports, and queries while readings arrive.
/// </summary>
public sealed class ClusterWorkload : IDisposable
{
    public const int BatchSize = 1000;
    public const int IngestWorkers = 6;
    public const int ReportClients = 16;
    public const int QueryWorkers = 2;
    public const int IngestWorkersDuringQueries = 2;

    /// <summary>Write-behind flushes of one workload must be over before the next starts, so no workload pays for another's.</summary>
    private static readonly TimeSpan Settle = new TwinOptions().WriteBehindInterval + TimeSpan.FromSeconds(3);

    /// <summary>
    /// Far above any healthy answer: on a starved machine a 1,000-reading batch across silos has taken
    /// over 30 s, and a request given up on would count as an error instead of as slow.
    /// </summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(2);

    private readonly SocketsHttpHandler _handler = new() { MaxConnectionsPerServer = 512 };
    private readonly HttpClient[] _silos;
    private readonly TimeSpan _phase;
    private readonly CpuSampler _cpu;
    private readonly DatabaseCounters _database;
    private readonly ReadingLoad _readings = new([.. TwinLoad.City.ParkingBays.Select(b => b.Id)], seed: 1000);
    private long _requests;

    public ClusterWorkload(IReadOnlyList<Uri> silos, TimeSpan phase, CpuSampler cpu, DatabaseCounters database)
    {
        _silos = [.. silos.Select(s => new HttpClient(_handler, disposeHandler: false) { BaseAddress = s, Timeout = RequestTimeout }.AsAdmin())];
        _phase = phase;
        _cpu = cpu;
        _database = database;
    }

    public async Task<ClusterFigures> RunAsync()
    {
        await WarmUpAsync();
        await Task.Delay(Settle);
        var ingest = await MeasureAsync(() => LoadRun.RunAsync("ingest", IngestWorkers, _phase, PostBatchAsync));
        await Task.Delay(Settle);
        var reports = await MeasureAsync(() => LoadRun.RunAsync("reports", ReportClients, _phase, FileReportAsync));
        await Task.Delay(Settle);
        var (nearby, city, alongside) = await QueriesDuringIngestAsync();
        return new ClusterFigures(_silos.Length, ingest, reports, nearby, city, alongside);
    }

    /// <summary>
    /// Opens every silo's connections and activates the bays it reaches; nothing here is measured.
    /// Not every bay: one reading to each of the 20,000 in 1,000-reading batches made a single silo
    /// on PostgreSQL answer 503 and then fail (docs/cluster-benchmark.md, run 6).
    /// </summary>
    private async Task WarmUpAsync()
    {
        var warmUp = TimeSpan.FromSeconds(Math.Max(5, _phase.TotalSeconds / 2));
        await Task.WhenAll(
            LoadRun.RunAsync("warm-up ingest", IngestWorkers, warmUp, PostBatchAsync),
            LoadRun.RunAsync("warm-up reports", 2, warmUp, FileReportAsync),
            LoadRun.RunAsync("warm-up queries", QueryWorkers, warmUp, NearbyAsync),
            LoadRun.RunAsync("warm-up city", 1, warmUp, CityAsync));
    }

    private async Task<(MeasuredLoad Nearby, MeasuredLoad City, MeasuredLoad Alongside)> QueriesDuringIngestAsync()
    {
        var (start, written) = (_cpu.Take(), await _database.ReadAsync());
        // The ingest runs a little longer than the queries, so that every query meets it.
        var ingest = LoadRun.RunAsync("ingest alongside", IngestWorkersDuringQueries, _phase + TimeSpan.FromSeconds(1), PostBatchAsync);
        var nearby = LoadRun.RunAsync("nearby", QueryWorkers, _phase, NearbyAsync);
        var city = LoadRun.RunAsync("city", QueryWorkers, _phase, CityAsync);
        await Task.WhenAll(nearby, city);
        var cpu = CpuSampler.Between(start, _cpu.Take());
        var work = (await _database.ReadAsync()).Minus(written);
        return (new MeasuredLoad(await nearby, cpu, work), new MeasuredLoad(await city, cpu, work), new MeasuredLoad(await ingest, cpu, work));
    }

    private async Task<MeasuredLoad> MeasureAsync(Func<Task<LoadResult>> run)
    {
        var (start, written) = (_cpu.Take(), await _database.ReadAsync());
        var result = await run();
        var cpu = CpuSampler.Between(start, _cpu.Take());
        return new MeasuredLoad(result, cpu, (await _database.ReadAsync()).Minus(written));
    }

    /// <summary>The silo for the next request, whichever worker sends it.</summary>
    private HttpClient NextSilo() => _silos[(int)(Interlocked.Increment(ref _requests) % _silos.Length)];

    private async Task<int> PostBatchAsync(int worker, CancellationToken ct)
    {
        using var body = _readings.Batch(Random.Shared, BatchSize, DateTimeOffset.UtcNow);
        using var response = await NextSilo().PostAsync(new Uri("/api/readings", UriKind.Relative), body, ct);
        if (!response.IsSuccessStatusCode) return -1;
        // Counted as the twin counts them: a batch answered 200 may still have readings it did not accept.
        var answer = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct);
        return answer.GetProperty("accepted").GetInt32();
    }

    private async Task<int> FileReportAsync(int worker, CancellationToken ct)
    {
        long n = Interlocked.Read(ref _requests);
        var (status, id) = await TwinLoad.FileReportAsync(NextSilo(), "garbage", (int)(n % int.MaxValue), Invariant($"Benchmark report {n}: bins overflowing"));
        return status == 201 && id is not null ? 1 : -1;
    }

    private async Task<int> NearbyAsync(int worker, CancellationToken ct)
    {
        var bay = TwinLoad.City.ParkingBays[Random.Shared.Next(TwinLoad.City.ParkingBays.Count)].Location;
        var uri = new Uri(Invariant($"/api/parking/nearby?lat={bay.Lat}&lon={bay.Lon}&radius=500&limit=10"), UriKind.Relative);
        using var response = await NextSilo().GetAsync(uri, ct);
        await response.Content.ReadAsByteArrayAsync(ct);
        return response.IsSuccessStatusCode ? 1 : -1;
    }

    private async Task<int> CityAsync(int worker, CancellationToken ct)
    {
        using var response = await NextSilo().GetAsync(new Uri("/api/city", UriKind.Relative), ct);
        await response.Content.ReadAsByteArrayAsync(ct);
        return response.IsSuccessStatusCode ? 1 : -1;
    }

    public void Dispose()
    {
        foreach (var silo in _silos) silo.Dispose();
        _handler.Dispose();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
