using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartCity.Api.Tests;
using SmartCity.Grains.Events;

namespace SmartCity.Fuzz.Tests.Http;

/// <summary>
/// The real twin (see <see cref="TwinFixture"/>) with what the fuzz properties need around it: every
/// endpoint it maps, ids that exist in it (so hostile bodies reach validation instead of a 404), and a
/// snapshot of the state a rejected write must leave alone. Every request goes out through
/// <see cref="SendAsync"/>, mostly signed in as admin (TwinFixture.Http), so hostile input gets past the role
/// checks to every endpoint's own validation, sometimes as nobody, a citizen or a forger (HostileRequest.Caller).
/// </summary>
public sealed class FuzzTwin : TwinFixture, IAsyncLifetime
{
    /// <summary>How long one request may take before it counts as a hang.</summary>
    public static readonly TimeSpan RequestLimit = TimeSpan.FromSeconds(20);

    public IReadOnlyList<ApiEndpoint> Endpoints { get; private set; } = [];

    /// <summary>Errors the twin logged: a fuzz case passes only if it added none.</summary>
    public ServerErrorLog Errors { get; } = new();

    /// <summary>Ids that exist in the twin: districts, cells, bays, car parks, facilities, officials and reports made at start.</summary>
    public IReadOnlyList<string> KnownIds { get; private set; } = [];

    protected override void Configure(WebApplicationBuilder builder) => builder.Logging.AddProvider(Errors);

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var examples = await RequestBodyExamplesAsync();
        Endpoints = ApiEndpoint.All(Services.GetRequiredService<EndpointDataSource>(), examples);
        KnownIds = [.. CityIds(), .. await SubmitReportsAsync(examples)];
    }

    /// <summary>Sends a request as a client of the API; the response is not yet read.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        (request.Options.TryGetValue(HostileRequest.Anonymous, out bool anonymous) && anonymous ? Anonymous : Http)
            .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    /// <summary>The state a rejected write must not change: the event log's end, the city's figures and the reports.</summary>
    public async Task<TwinState> SnapshotAsync()
    {
        long lastSequence = Services.GetRequiredService<IEventLog>().LastSequence;
        return new TwinState(lastSequence, await ReadTextAsync("/api/city"), await ReadTextAsync("/api/reports?limit=1000"));
    }

    /// <summary>After an accepted write, summaries follow a moment later: waits until the state stops moving.</summary>
    public async Task<TwinState> SettledSnapshotAsync()
    {
        var previous = await SnapshotAsync();
        for (int i = 0; i < 40; i++)
        {
            await Task.Delay(150);
            var current = await SnapshotAsync();
            if (current == previous) return current;
            previous = current;
        }
        return previous;
    }

    private async Task<string> ReadTextAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendAsync(request, CancellationToken.None);
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    /// <summary>The example body of each operation in the OpenAPI document, by "METHOD /route".</summary>
    private async Task<Dictionary<string, string>> RequestBodyExamplesAsync()
    {
        var examples = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        using var response = await SendAsync(request, CancellationToken.None);
        if (!response.IsSuccessStatusCode) return examples;
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Value.ValueKind != JsonValueKind.Object
                    || !operation.Value.TryGetProperty("requestBody", out var body)
                    || !body.TryGetProperty("content", out var content)) continue;
                foreach (var mediaType in content.EnumerateObject())
                {
                    if (!mediaType.Value.TryGetProperty("examples", out var named)) continue;
                    foreach (var example in named.EnumerateObject())
                    {
                        examples.TryAdd($"{operation.Name} {path.Name}", example.Value.GetProperty("value").GetRawText());
                    }
                }
            }
        }
        return examples;
    }

    private IEnumerable<string> CityIds()
    {
        var city = City.Definition;
        return city.Districts.Select(d => d.Id).Take(3)
            .Concat(city.GridCells.Select(c => c.Id).Take(3))
            .Concat(city.ParkingBays.Select(b => b.Id).Take(3))
            .Concat(city.CarParks.Select(c => c.Id).Take(3))
            .Concat(city.Facilities.Select(f => f.Id).Take(3))
            .Concat(city.Officials.Select(o => o.Id).Take(3));
    }

    /// <summary>Reports submitted with the documented example, so report actions have something real to act on.</summary>
    private async Task<IEnumerable<string>> SubmitReportsAsync(Dictionary<string, string> examples)
    {
        var ids = new List<string>();
        if (!examples.TryGetValue("post /api/reports", out var example)) return ids;
        for (int i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports") { Content = new StringContent(example, System.Text.Encoding.UTF8, "application/json") };
            using var response = await SendAsync(request, CancellationToken.None);
            if (!response.IsSuccessStatusCode) continue;
            var report = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (report.TryGetProperty("id", out var id) && id.GetString() is { } text) ids.Add(text);
        }
        return ids;
    }
}

/// <summary>What a rejected request must leave as it was.</summary>
public sealed record TwinState(long LastSequence, string City, string Reports);

/// <summary>The fuzz properties share one twin and run one at a time, so a snapshot sees only their own requests.</summary>
[CollectionDefinition(Name)]
public sealed class FuzzedTwin : ICollectionFixture<FuzzTwin>
{
    public const string Name = "Fuzzed twin";
}
