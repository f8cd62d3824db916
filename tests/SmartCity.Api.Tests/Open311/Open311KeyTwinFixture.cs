using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmartCity.Grains;
using SmartCity.Grains.City;
using SmartCity.Silo.Hosting;

namespace SmartCity.Api.Tests.Open311;

/// <summary>
/// A twin of its own with Open311:ApiKey set, which TwinFixture has no way to pass; its city clock
/// starts where TwinFixture's does, and its tests may move it.
/// </summary>
public sealed class Open311KeyTwinFixture : IAsyncLifetime
{
    public const string ApiKey = "open311-test-key-5d1c";

    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private WebApplication? _app;

    public FakeTimeProvider Time { get; } = new(TwinFixture.Start);

    public HttpClient Http { get; private set; } = null!;

    public CityMap City { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // A port picked free can be taken again before Kestrel or Orleans binds it; try a fresh set then.
        for (int attempt = 1; ; attempt++)
        {
            int[] ports = FreePorts(3);
            var app = SmartCityHost.Build(
                [
                    $"--Urls=http://127.0.0.1:{ports[0]}",
                    $"--Orleans:SiloPort={ports[1]}",
                    $"--Orleans:GatewayPort={ports[2]}",
                    "--Storage:Provider=Memory",
                    "--Logging:LogLevel:Default=Warning",
                    $"--Open311:ApiKey={ApiKey}",
                ],
                builder => builder.Services.AddSingleton(new CityClock(Time)));
            try
            {
                await app.StartAsync();
            }
            catch (Exception) when (attempt < 3)
            {
                await app.DisposeAsync();
                continue;
            }
            _app = app;
            City = app.Services.GetRequiredService<CityMap>();
            Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}") };
            await Http.GetFromJsonAsync<object>("/api/city");
            return;
        }
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>A grid cell no other test of this twin has taken.</summary>
    public GridCellDefinition TakeGridCell()
    {
        lock (_taken)
        {
            return City.Definition.GridCells.First(c => _taken.Add(c.Id));
        }
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners) listener.Start();
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }
}

/// <summary>Tests that need Open311:ApiKey set share this twin; they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class Open311KeyTwin : ICollectionFixture<Open311KeyTwinFixture>
{
    public const string Name = "Twin with an Open311 api_key";
}
