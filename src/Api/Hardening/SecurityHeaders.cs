using System.Globalization;
using Microsoft.Extensions.Options;

namespace SmartCity.Api.Hardening;

/// <summary>
/// Headers every answer carries, whoever wrote it (an endpoint, the exception handler, a refusal):
/// no MIME sniffing, no referrer, no framing, no powerful browser features, a window of its own, and
/// HSTS over HTTPS. A page that sets its own content security policy (the console's) keeps it.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, IOptions<HardeningOptions> options)
{
    /// <summary>Geolocation stays for the console's own page: it finds parking and toilets near the user.</summary>
    public const string PermissionsPolicy = "camera=(), microphone=(), payment=(), usb=(), geolocation=(self)";

    /// <summary>For answers that are not pages: they load nothing and may be framed by no one.</summary>
    public const string DataContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext http)
    {
        http.Response.OnStarting(() =>
        {
            Apply(http, options.Value.SecurityHeaders);
            return Task.CompletedTask;
        });
        return next(http);
    }

    /// <summary>Adds the headers to the response about to start.</summary>
    public static void Apply(HttpContext http, SecurityHeaderSettings settings)
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers["Permissions-Policy"] = PermissionsPolicy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
        {
            // Pages without a policy of their own (the API reference, the Orleans dashboard) load scripts
            // from where they do; they are only kept out of frames.
            bool page = http.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
            headers.ContentSecurityPolicy = page ? "frame-ancestors 'none'" : DataContentSecurityPolicy;
        }
        if (http.Request.IsHttps && settings.HstsMaxAge > TimeSpan.Zero && !IsLoopback(http.Request.Host.Host))
        {
            headers.StrictTransportSecurity = string.Create(CultureInfo.InvariantCulture, $"max-age={(long)settings.HstsMaxAge.TotalSeconds}");
        }
    }

    // HSTS on localhost would bind every other local app on that name to HTTPS for a year.
    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));
}
