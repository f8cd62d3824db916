using System.Net;

namespace SmartCity.Api.Tests.Hardening;

/// <summary>Cross-origin calls as a browser makes them.</summary>
public static class CorsCalls
{
    public static async Task<HttpResponseMessage> PreflightAsync(HttpClient client, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/reports");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,authorization");
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> GetFromAsync(HttpClient client, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/reports/categories");
        request.Headers.Add("Origin", origin);
        return await client.SendAsync(request);
    }

    public static void AssertNoCorsHeaders(HttpResponseMessage response) =>
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
}

/// <summary>CORS: closed unless Hardening:Cors:AllowedOrigins lists the origin.</summary>
[Collection(HardenedTwin.Name)]
public sealed class CorsTests(HardenedTwinFixture twin)
{
    private const string Unlisted = "https://evil.example.net";

    [Fact]
    public async Task Listed_origin_may_read_answers()
    {
        using var client = twin.NewClient();

        using var response = await CorsCalls.GetFromAsync(client, HardenedTwinFixture.AllowedOrigin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HardenedTwinFixture.AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Listed_origin_passes_the_preflight()
    {
        using var client = twin.NewClient();

        using var response = await CorsCalls.PreflightAsync(client, HardenedTwinFixture.AllowedOrigin);

        Assert.Equal(HardenedTwinFixture.AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Unlisted_origin_gets_no_allow_headers()
    {
        using var client = twin.NewClient();

        using var answer = await CorsCalls.GetFromAsync(client, Unlisted);
        using var preflight = await CorsCalls.PreflightAsync(client, Unlisted);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        CorsCalls.AssertNoCorsHeaders(answer);
        CorsCalls.AssertNoCorsHeaders(preflight);
    }
}

/// <summary>The twin as shipped lists no origin: no browser page elsewhere may call it.</summary>
[Collection(SharedTwin.Name)]
public sealed class DefaultCorsTests(TwinFixture twin)
{
    [Theory]
    [InlineData(HardenedTwinFixture.AllowedOrigin)]
    [InlineData("http://localhost:3000")]
    public async Task No_origin_is_allowed_by_default(string origin)
    {
        using var answer = await CorsCalls.GetFromAsync(twin.Http, origin);
        using var preflight = await CorsCalls.PreflightAsync(twin.Http, origin);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        CorsCalls.AssertNoCorsHeaders(answer);
        CorsCalls.AssertNoCorsHeaders(preflight);
    }
}
