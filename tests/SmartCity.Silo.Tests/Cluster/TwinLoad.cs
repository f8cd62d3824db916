using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using SmartCity.Grains.City;
using SmartCity.Silo.Tests.Restart;
using SmartCity.TestSupport;

namespace SmartCity.Silo.Tests.Cluster;

/// <summary>
/// What one request of the load got back, and when the answer (or the failure) came: a request in flight
/// to a silo when it is killed fails after the kill, not before. Status 0: no HTTP answer at all (refused, timed out).
/// </summary>
public sealed record LoadOutcome(DateTimeOffset At, int Silo, string Kind, int Status, bool RetryAfter, string? ReportId, IReadOnlyList<string> ReadingIds);

/// <summary>
/// Citizens filing reports and sensors sending readings through every live silo in turn, as a load
/// balancer in front of the cluster would, recording every answer.
/// </summary>
public sealed class TwinLoad : IAsyncDisposable
{
    public static readonly CityDefinition City = DemoCityGenerator.Generate();

    private readonly IReadOnlyList<SiloProcess> _silos;
    private readonly ConcurrentDictionary<int, bool> _down = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;
    private long _sequence;

    public TwinLoad(IReadOnlyList<SiloProcess> silos, int workers = 4)
    {
        _silos = silos;
        _workers = [.. Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync))];
    }

    public ConcurrentQueue<LoadOutcome> Outcomes { get; } = new();

    /// <summary>Stops sending to silo <paramref name="index"/>, as a load balancer does once its health check fails.</summary>
    public void TakeOut(int index) => _down[index] = true;

    public void PutBack(int index) => _down.TryRemove(index, out _);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
    }

    /// <summary>Files one report in the cell with the given index and returns the answer's id, or null with the status.</summary>
    public static async Task<(int Status, string? Id)> FileReportAsync(HttpClient http, string category, int cellIndex, string description)
    {
        var cell = City.GridCells[cellIndex % City.GridCells.Count];
        using var response = await http.PostAsJsonAsync("/api/reports", new
        {
            category,
            description,
            location = new { lat = cell.Boundary.Centroid.Lat, lon = cell.Boundary.Centroid.Lon },
            contact = new { phone = "13700000000" },
        });
        string? id = response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString() : null;
        return ((int)response.StatusCode, id);
    }

    private async Task WorkAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) }.AsAdmin();
        while (!_stop.IsCancellationRequested)
        {
            long n = Interlocked.Increment(ref _sequence);
            var live = Enumerable.Range(0, _silos.Count).Where(i => !_down.ContainsKey(i)).ToList();
            // Odd and even requests are different kinds: step silos every second request, so each silo gets both.
            int silo = live[(int)(n / 2 % live.Count)];
            var baseAddress = _silos[silo].BaseAddress;
            Outcomes.Enqueue(n % 2 == 0 ? await ReportAsync(http, baseAddress, silo, n) : await ReadingsAsync(http, baseAddress, silo, n));
            try
            {
                await Task.Delay(20, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<LoadOutcome> ReportAsync(HttpClient http, Uri baseAddress, int silo, long n)
    {
        var cell = City.GridCells[(int)(n % City.GridCells.Count)];
        try
        {
            using var response = await http.PostAsJsonAsync(new Uri(baseAddress, "/api/reports"), new
            {
                category = "slow",
                description = $"Load report {n}",
                location = new { lat = cell.Boundary.Centroid.Lat, lon = cell.Boundary.Centroid.Lon },
                contact = new { phone = "13700000000" },
            });
            string? id = response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString() : null;
            return new LoadOutcome(DateTimeOffset.UtcNow, silo, "report", (int)response.StatusCode, response.Headers.RetryAfter is not null, id, []);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return new LoadOutcome(DateTimeOffset.UtcNow, silo, "report", 0, false, null, []);
        }
    }

    private static async Task<LoadOutcome> ReadingsAsync(HttpClient http, Uri baseAddress, int silo, long n)
    {
        var now = DateTimeOffset.UtcNow;
        var readings = Enumerable.Range(0, 10).Select(i => new
        {
            readingId = $"load-{n}-{i}",
            entityId = City.ParkingBays[(int)((n * 10 + i) % City.ParkingBays.Count)].Id,
            type = "occupancy",
            value = (n + i) % 2 == 0,
            observedAt = now,
        }).ToList();
        try
        {
            using var response = await http.PostAsJsonAsync(new Uri(baseAddress, "/api/readings"), readings);
            return new LoadOutcome(DateTimeOffset.UtcNow, silo, "readings", (int)response.StatusCode, response.Headers.RetryAfter is not null, null,
                response.IsSuccessStatusCode ? readings.Select(r => r.readingId).ToList() : []);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return new LoadOutcome(DateTimeOffset.UtcNow, silo, "readings", 0, false, null, []);
        }
    }
}
