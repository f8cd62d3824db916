using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SmartCity.Silo.Hosting;
using SmartCity.Silo.Storage;
using SmartCity.Silo.Tests.Cluster;
using SmartCity.Silo.Tests.Restart;
using SmartCity.TestSupport;

namespace SmartCity.Silo.Tests.StorageFaults;

/// <summary>
/// The twin on SQLite with a short write-behind interval: bay state flushed by write-behind reaches the
/// storage gate marked as background, so a report filed during a burst of flushes is not queued behind them.
/// </summary>
// xunit disposes test classes that start asynchronously through IAsyncLifetime.DisposeAsync, which CA1001 does not know.
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "Disposed in IAsyncLifetime.DisposeAsync.")]
public sealed class WriteBehindPriorityTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smartcity-priority-").FullName;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var baseAddress = new Uri($"http://127.0.0.1:{LocalPorts.Free()}");
        _app = SmartCityHost.Build(
        [
            $"--Urls={baseAddress}", $"--db={Path.Combine(_folder, "twin.db")}",
            $"--Orleans:SiloPort={LocalPorts.Free()}", $"--Orleans:GatewayPort={LocalPorts.Free()}",
            "--Twin:WriteBehindInterval=00:00:00.200", "--Logging:LogLevel:Default=Warning", "--Mqtt:Enabled=false",
            TestCredentials.SigningKeyArgument,
        ]);
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = baseAddress }.AsAdmin();
    }

    [Fact]
    public async Task Write_behind_flushes_reach_storage_as_background_and_never_overtake_a_report()
    {
        var gate = _app.Services.GetRequiredService<StorageWriteGate>();
        var now = DateTimeOffset.UtcNow;
        var burst = TwinLoad.City.ParkingBays.Take(2000).Select((bay, i) => new
        {
            readingId = $"priority-{i}", entityId = bay.Id, type = "occupancy", value = i % 2 == 0, observedAt = now,
        }).ToList();

        using var readings = await _http.PostAsJsonAsync("/api/readings", burst);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (gate.MostBackgroundAtOnce == 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
        var filed = new List<HttpStatusCode>();
        for (int i = 0; i < 5; i++)
        {
            var (status, _) = await TwinLoad.FileReportAsync(_http, "garbage", i, $"Filed during write-behind {i}");
            filed.Add((HttpStatusCode)status);
        }

        Assert.Equal(HttpStatusCode.OK, readings.StatusCode);
        Assert.Equal(1, gate.MostBackgroundAtOnce);
        Assert.All(filed, status => Assert.Equal(HttpStatusCode.Created, status));
        Assert.Equal(0, gate.BackgroundOvertakes);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
