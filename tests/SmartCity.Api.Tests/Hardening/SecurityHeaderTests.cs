using System.Net;
using Microsoft.AspNetCore.Http;
using SmartCity.Api.Hardening;

namespace SmartCity.Api.Tests.Hardening;

/// <summary>Security headers on every answer, the console's strict policy kept, HSTS only over HTTPS.</summary>
[Collection(SharedTwin.Name)]
public sealed class SecurityHeaderTests(TwinFixture twin)
{
    public static TheoryData<string> Paths => new()
    {
        "/api/city",              // a JSON answer
        "/api/grids/no-such-grid", // a 404 problem
        "/api/parking/nearby?lat=x", // a 400 problem
        "/no/such/path",          // no endpoint at all
        "/",                      // the console's page
        "/scalar",                // the API reference, a page without a policy of its own
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Every_answer_carries_the_security_headers(string path)
    {
        using var response = await twin.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Single(response, "Referrer-Policy"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal(SecurityHeaders.PermissionsPolicy, Single(response, "Permissions-Policy"));
        Assert.Equal("same-origin", Single(response, "Cross-Origin-Opener-Policy"));
        Assert.Contains("frame-ancestors 'none'", Single(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS over plain HTTP");
    }

    [Fact]
    public async Task Console_page_keeps_its_own_strict_content_security_policy()
    {
        using var response = await twin.Http.GetAsync(new Uri("/", UriKind.Relative));

        string policy = Single(response, "Content-Security-Policy");
        var directives = policy.Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d);
        Assert.Equal("default-src 'self'", directives["default-src"]);
        Assert.Equal("connect-src 'self'", directives["connect-src"]);
        Assert.Equal("object-src 'none'", directives["object-src"]);
        Assert.Equal("frame-ancestors 'none'", directives["frame-ancestors"]);
        Assert.False(directives.ContainsKey("script-src"), "scripts must fall back to default-src 'self'");
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_answers_may_load_nothing()
    {
        using var response = await twin.Http.GetAsync(new Uri("/api/city", UriKind.Relative));

        Assert.Equal(SecurityHeaders.DataContentSecurityPolicy, Single(response, "Content-Security-Policy"));
    }

    [Theory]
    [InlineData("https", "twin.example.org", true)]
    [InlineData("http", "twin.example.org", false)]
    [InlineData("https", "localhost", false)]
    [InlineData("https", "127.0.0.1", false)]
    public void Strict_transport_security_only_over_https_to_a_real_host(string scheme, string host, bool expected)
    {
        var http = new DefaultHttpContext();
        http.Request.Scheme = scheme;
        http.Request.Host = new HostString(host);

        SecurityHeaders.Apply(http, new SecurityHeaderSettings { HstsMaxAge = TimeSpan.FromDays(365) });

        Assert.Equal(expected ? "max-age=31536000" : null, http.Response.Headers.StrictTransportSecurity.FirstOrDefault());
    }

    private static string Single(HttpResponseMessage response, string name)
    {
        var values = response.Headers.TryGetValues(name, out var found) ? found.ToArray()
            : response.Content.Headers.TryGetValues(name, out var content) ? content.ToArray() : [];
        Assert.True(values.Length == 1, $"{name} on {response.RequestMessage?.RequestUri}: {values.Length} values");
        return values[0];
    }
}
