using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartCity.Grains.City;
using SmartCity.TestSupport;

namespace SmartCity.Silo.Tests.Soak;

/// <summary>What a soak run saw so far.</summary>
public sealed record SoakFigures(
    TimeSpan Elapsed, long ReadingsAccepted, long ReadingsShed, long ReportsFiled, long ReportsRefused, long Failures, long RssMaxBytes, long RssNowBytes)
{
    public double ReadingsPerSecond => ReadingsAccepted / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Elapsed.TotalSeconds,5:0} s  accepted {ReadingsAccepted,10:N0} readings ({ReadingsPerSecond,7:N0}/s)  shed {ReadingsShed,10:N0}  reports {ReportsFiled,6:N0} filed / {ReportsRefused,5:N0} refused  failures {Failures}  RSS {RssNowBytes / 1048576,5} MiB (max {RssMaxBytes / 1048576} MiB)");
}

/// <summary>What the event log holds of what the soak was told was accepted.</summary>
public sealed record SoakLogCheck(long ReadingsLost, long ReadingsLoggedTwice, long ShedReadingsLogged, long ReportsLost)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"lost readings {ReadingsLost}, logged twice {ReadingsLoggedTwice}, shed yet logged {ShedReadingsLogged}, lost reports {ReportsLost}");
}

/// <summary>
/// More ingest than the twin can take: sensor gateways posting full batches back to back (waiting as
/// Retry-After says when turned away) and citizens filing reports, while the silo process's resident
/// memory is sampled every second from /proc. Every batch has its own number, so afterwards the event
/// log can be checked against what was accepted and shed without keeping millions of reading ids.
/// Used by the CI soak test and by the benchmark's 10-minute soak (docs/soak.md).
/// </summary>
public sealed class SoakLoad(Uri baseAddress, int processId, CityDefinition city, int gateways = 16, int batchSize = 1000, int citizens = 4)
{
    /// <summary>The stated ceiling of the silo's resident memory under overload, default settings (docs/soak.md).</summary>
    public const long MemoryCeilingBytes = 1536L * 1024 * 1024;

    private readonly HashSet<long> _acceptedBatches = [];
    private readonly HashSet<long> _shedBatches = [];
    private readonly List<string> _reports = [];
    private long _batch;
    private long _readingsAccepted, _readingsShed, _reportsFiled, _reportsRefused, _failures, _rssMax, _rssNow;
    private readonly Stopwatch _clock = new();

    public SoakFigures Figures => new(
        _clock.Elapsed, Interlocked.Read(ref _readingsAccepted), Interlocked.Read(ref _readingsShed), Interlocked.Read(ref _reportsFiled),
        Interlocked.Read(ref _reportsRefused), Interlocked.Read(ref _failures), Interlocked.Read(ref _rssMax), Interlocked.Read(ref _rssNow));

    /// <summary>Runs the load for <paramref name="duration"/>, telling <paramref name="progress"/> every <paramref name="every"/>.</summary>
    public async Task RunAsync(TimeSpan duration, TimeSpan every, Action<SoakFigures>? progress = null)
    {
        using var stop = new CancellationTokenSource(duration);
        _clock.Start();
        var workers = Enumerable.Range(0, gateways).Select(_ => Task.Run(() => GatewayAsync(stop.Token)))
            .Concat(Enumerable.Range(0, citizens).Select(_ => Task.Run(() => CitizenAsync(stop.Token))))
            .Append(Task.Run(() => SampleAsync(every, progress, stop.Token)))
            .ToArray();
        await Task.WhenAll(workers);
        _clock.Stop();
    }

    /// <summary>The silo's highest resident memory while <see cref="CheckLogAsync"/> exported its whole log.</summary>
    public long CheckRssMaxBytes { get; private set; }

    /// <summary>
    /// Reads the whole event log through its export and compares it with what was answered; the silo's
    /// memory is sampled meanwhile (<see cref="CheckRssMaxBytes"/>), as exporting millions of events is load too.
    /// </summary>
    public async Task<SoakLogCheck> CheckLogAsync(HttpClient http)
    {
        using var done = new CancellationTokenSource();
        var sampling = Task.Run(() => MaxResidentBytesAsync(done.Token));
        try
        {
            return await CompareLogAsync(http);
        }
        finally
        {
            await done.CancelAsync();
            CheckRssMaxBytes = await sampling;
        }
    }

    private async Task<long> MaxResidentBytesAsync(CancellationToken stop)
    {
        long max = 0;
        while (!stop.IsCancellationRequested)
        {
            max = Math.Max(max, ResidentBytes(processId));
            await WaitAsync(TimeSpan.FromMilliseconds(250), stop);
        }
        return max;
    }

    private async Task<SoakLogCheck> CompareLogAsync(HttpClient http)
    {
        var perBatch = new Dictionary<long, int>();
        var reports = new HashSet<string>(StringComparer.Ordinal);
        using var response = await http.GetAsync(new Uri(baseAddress, "/api/events/export?format=jsonl"), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0) continue;
            using var document = JsonDocument.Parse(line);
            var e = document.RootElement;
            var data = e.GetProperty("data");
            string? type = e.GetProperty("type").GetString();
            if (type == "reading" && data.GetProperty("readingId").GetString() is { } id && id.StartsWith("soak-", StringComparison.Ordinal))
            {
                long batch = long.Parse(id.AsSpan(5, id.IndexOf('-', 5) - 5), CultureInfo.InvariantCulture);
                perBatch[batch] = perBatch.GetValueOrDefault(batch) + 1;
            }
            else if (type == "report" && data.GetProperty("step").GetInt32() == 1)
            {
                reports.Add(data.GetProperty("reportId").GetString()!);
            }
        }
        long lost = 0, twice = 0, shedLogged = 0;
        foreach (long batch in _acceptedBatches)
        {
            int logged = perBatch.GetValueOrDefault(batch);
            if (logged < batchSize) lost += batchSize - logged;
            if (logged > batchSize) twice += logged - batchSize;
        }
        foreach (long batch in _shedBatches) shedLogged += perBatch.GetValueOrDefault(batch);
        return new SoakLogCheck(lost, twice, shedLogged, _reports.Count(id => !reports.Contains(id)));
    }

    private async Task GatewayAsync(CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) }.AsAdmin();
        while (!stop.IsCancellationRequested)
        {
            long batch = Interlocked.Increment(ref _batch);
            var now = DateTimeOffset.UtcNow;
            var readings = new object[batchSize];
            for (int i = 0; i < batchSize; i++)
            {
                var bay = city.ParkingBays[(int)((batch * batchSize + i) % city.ParkingBays.Count)];
                readings[i] = new { readingId = $"soak-{batch}-{i}", entityId = bay.Id, type = "occupancy", value = (batch + i) % 2 == 0, observedAt = now };
            }
            try
            {
                // Not cancelled by the stop: a batch sent is answered, so its outcome is known.
                using var response = await http.PostAsJsonAsync("/api/readings", readings, CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    lock (_acceptedBatches) _acceptedBatches.Add(batch);
                    Interlocked.Add(ref _readingsAccepted, batchSize);
                    continue;
                }
                if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
                {
                    lock (_shedBatches) _shedBatches.Add(batch);
                    Interlocked.Add(ref _readingsShed, batchSize);
                    await WaitAsync(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), stop);
                    continue;
                }
                Interlocked.Increment(ref _failures);
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                // No answer: the batch's fate is unknown, so it is neither counted accepted nor shed.
                Interlocked.Increment(ref _failures);
            }
        }
    }

    private async Task CitizenAsync(CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) }.AsAdmin();
        while (!stop.IsCancellationRequested)
        {
            long n = Interlocked.Increment(ref _batch);
            var cell = city.GridCells[(int)(n % city.GridCells.Count)];
            try
            {
                using var response = await http.PostAsJsonAsync("/api/reports", new
                {
                    category = "garbage",
                    description = $"Soak report {n}",
                    location = new { lat = cell.Boundary.Centroid.Lat, lon = cell.Boundary.Centroid.Lon },
                    contact = new { phone = "13700000000" },
                }, CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var body = await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken.None);
                    lock (_reports) _reports.Add(body.GetProperty("id").GetString()!);
                    Interlocked.Increment(ref _reportsFiled);
                }
                else if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
                {
                    Interlocked.Increment(ref _reportsRefused);
                    await WaitAsync(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), stop);
                }
                else
                {
                    Interlocked.Increment(ref _failures);
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref _failures);
            }
        }
    }

    private async Task SampleAsync(TimeSpan every, Action<SoakFigures>? progress, CancellationToken stop)
    {
        var next = every;
        while (!stop.IsCancellationRequested)
        {
            long rss = ResidentBytes(processId);
            Interlocked.Exchange(ref _rssNow, rss);
            if (rss > Interlocked.Read(ref _rssMax)) Interlocked.Exchange(ref _rssMax, rss);
            if (_clock.Elapsed >= next)
            {
                progress?.Invoke(Figures);
                next += every;
            }
            await WaitAsync(TimeSpan.FromSeconds(1), stop);
        }
    }

    /// <summary>VmRSS of a process from /proc/PID/status (Linux), in bytes.</summary>
    public static long ResidentBytes(int processId)
    {
        foreach (string line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
        }
        return 0;
    }

    private static async Task WaitAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
