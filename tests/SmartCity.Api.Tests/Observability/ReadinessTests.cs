using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using SmartCity.Grains.Persistence;
using SmartCity.Silo.Hosting;
using SmartCity.TestSupport;

namespace SmartCity.Api.Tests.Observability;

/// <summary>Readiness fails, naming storage, while grain storage fails every read: the process is live but must get no traffic.</summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    private WebApplication _app = null!;

    private HttpClient Http { get; set; } = null!;

    public async Task InitializeAsync()
    {
        int[] ports = LocalPorts.Free(3);
        _app = SmartCityHost.Build(
            [
                TestCredentials.SigningKeyArgument,
                $"--Urls=http://127.0.0.1:{ports[0]}",
                $"--Orleans:SiloPort={ports[1]}",
                $"--Orleans:GatewayPort={ports[2]}",
                "--Storage:Provider=Memory",
                "--Logging:LogLevel:Default=None",
            ],
            // Registered after the silo's own: grains that ask for the twin's storage get this one.
            builder => builder.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Twin, new FailingStorage()));
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}") }.AsAdmin();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Ready_answers_503_naming_storage_while_the_silo_is_active_and_live_stays_healthy()
    {
        using var ready = await Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = await ready.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks");
        Assert.Equal("Unhealthy", checks.GetProperty("storage").GetProperty("status").GetString());
        Assert.Contains("disk unplugged", checks.GetProperty("storage").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", checks.GetProperty("silo").GetProperty("status").GetString());

        using var live = await Http.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    /// <summary>Grain storage whose every call fails, as a database that went away would.</summary>
    private sealed class FailingStorage : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Fail();

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Fail();

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Fail();

        private static Task Fail() => Task.FromException(new InvalidOperationException("The storage failed: disk unplugged."));
    }
}
