using System.Net;
using System.Net.Http.Json;
using SmartCity.Api.Security;
using SmartCity.TestSupport;

namespace SmartCity.Api.Tests.Hardening;

/// <summary>Rate limits: per caller and per client address, ingest counted apart from reads, refused with 429 and Retry-After.</summary>
[Collection(HardenedTwin.Name)]
public sealed class RateLimitTests(HardenedTwinFixture twin)
{
    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string? apiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/reports/categories");
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        return await client.SendAsync(request);
    }

    /// <summary>A gateway's key of its own (sensor role, any bay): a caller no other test shares.</summary>
    private static string NewKey() => TestCredentials.Token("gateway-" + Guid.NewGuid().ToString("N"), [Roles.Sensor], "bay:*");

    [Fact]
    public async Task Caller_over_its_limit_gets_429_with_Retry_After_and_problem_details()
    {
        using var client = twin.NewClient();
        string key = NewKey();
        for (int i = 0; i < HardenedTwinFixture.ReadsPerCaller; i++)
        {
            using var allowed = await GetAsync(client, key);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await GetAsync(client, key);

        var body = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal((int)retryAfter.Value.TotalSeconds, body.GetProperty("retryAfterSeconds").GetInt32());
    }

    [Fact]
    public async Task Another_caller_from_the_same_address_is_not_affected()
    {
        using var client = twin.NewClient();
        string greedy = NewKey();
        for (int i = 0; i <= HardenedTwinFixture.ReadsPerCaller; i++) (await GetAsync(client, greedy)).Dispose();
        using var greedyAgain = await GetAsync(client, greedy);
        Assert.Equal(HttpStatusCode.TooManyRequests, greedyAgain.StatusCode);

        using var other = await GetAsync(client, NewKey());

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task An_address_over_its_limit_is_refused_whatever_key_it_sends()
    {
        // Fresh keys cost nothing to make up, so the address has a limit of its own.
        using var client = twin.NewClient();
        for (int i = 0; i < HardenedTwinFixture.ReadsPerAddress; i++)
        {
            using var allowed = await GetAsync(client, NewKey());
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await GetAsync(client, NewKey());
        using var elsewhere = await GetAsync(twin.NewClient(), NewKey());

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Ingest_is_counted_apart_from_reads()
    {
        using var client = twin.NewClient();
        string key = NewKey();
        for (int i = 0; i <= HardenedTwinFixture.ReadsPerCaller; i++) (await GetAsync(client, key)).Dispose();
        var bay = twin.TakeBay();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/readings")
        {
            Content = JsonContent.Create(new[] { TwinFixture.Reading(bay.Id, "occupancy", true, twin.SecondsAgo(1)) }),
        };
        request.Headers.Add("X-Api-Key", key);
        using var ingest = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);
    }

    [Fact]
    public async Task Health_probes_are_never_limited()
    {
        using var client = twin.NewClient();
        for (int i = 0; i < HardenedTwinFixture.ReadsPerAddress * 2; i++)
        {
            using var probe = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        }
    }
}
