using System.Net;

namespace SmartCity.Api.Tests.Hardening;

/// <summary>
/// Behind a reverse proxy every client arrives from the proxy's address: X-Forwarded-For names the
/// client, but only a proxy listed in Hardening:TrustedProxies may say so.
/// </summary>
[Collection(HardenedTwin.Name)]
public sealed class ForwardedClientTests(HardenedTwinFixture twin)
{
    private static async Task<HttpStatusCode> ReadAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/reports/categories");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Through_the_trusted_proxy_each_forwarded_client_has_its_own_limit()
    {
        using var proxy = HardenedTwinFixture.ClientFrom(HardenedTwinFixture.TrustedProxy, twin.Http.BaseAddress!);
        // Anonymous callers are counted by address: the one the proxy forwards.
        for (int i = 0; i < HardenedTwinFixture.ReadsPerCaller; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await ReadAsync(proxy, "203.0.113.7"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await ReadAsync(proxy, "203.0.113.7"));
        // A client the proxy forwards after it is not held back by the first one's requests...
        Assert.Equal(HttpStatusCode.OK, await ReadAsync(proxy, "203.0.113.8"));
        // ...and one that put a made-up address in front of its own is counted by its own, as the proxy appended it.
        Assert.Equal(HttpStatusCode.TooManyRequests, await ReadAsync(proxy, "198.51.100.99, 203.0.113.7"));
    }

    [Fact]
    public async Task From_anyone_else_X_Forwarded_For_is_ignored_so_it_cannot_dodge_the_limits()
    {
        using var client = twin.NewClient();
        for (int i = 0; i < HardenedTwinFixture.ReadsPerCaller; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await ReadAsync(client, $"192.0.2.{i + 1}"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await ReadAsync(client, "192.0.2.200"));
    }
}
