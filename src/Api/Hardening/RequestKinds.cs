using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace SmartCity.Api.Hardening;

/// <summary>What a request is, as far as its limits go.</summary>
public enum RequestKind
{
    /// <summary>Health probes and metric scrapes: never limited, or an orchestrator would take a busy twin out.</summary>
    Unlimited,
    Ingest,
    Write,
    Read,
}

/// <summary>
/// The one place that says what kind a request is, which requests stream, and who is calling: the rate
/// limits, size limits and timeouts all ask here, so a new endpoint is classified once.
/// </summary>
public static class RequestKinds
{
    public const string ApiKeyHeader = "X-Api-Key";

    public static RequestKind Of(HttpRequest request)
    {
        var path = request.Path;
        if (path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics")) return RequestKind.Unlimited;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)) return RequestKind.Read;
        return HttpMethods.IsPost(request.Method) && IsReadings(path) ? RequestKind.Ingest : RequestKind.Write;
    }

    /// <summary>
    /// Answers that go on for as long as the client listens or the file takes: a timeout could only cut
    /// them short mid-answer, never turn them into a clean 504.
    /// </summary>
    public static bool Streams(HttpRequest request) =>
        request.Path.StartsWithSegments("/api/events/stream") || request.Path.StartsWithSegments("/api/events/export");

    /// <summary>
    /// Who is calling, for the per-caller limits: the signed-in user, else the API key (hashed, so the
    /// key itself is never held or shown as a partition name), else the client address.
    /// </summary>
    public static string CallerOf(HttpContext http)
    {
        if (http.User.Identity is { IsAuthenticated: true } identity
            && (identity.Name ?? http.User.FindFirstValue("sub") ?? http.User.FindFirstValue(ClaimTypes.NameIdentifier)) is { Length: > 0 } user)
        {
            return "user:" + user;
        }
        if (http.Request.Headers[ApiKeyHeader] is [{ Length: > 0 } key])
        {
            return "key:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));
        }
        return "address:" + AddressOf(http);
    }

    /// <summary>
    /// The client's address: the connection's, or the one a trusted proxy forwarded
    /// (Hardening:TrustedProxies, docs/hardening.md).
    /// </summary>
    public static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static bool IsReadings(PathString path) => path.Equals("/api/readings", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/api/readings/", StringComparison.OrdinalIgnoreCase);
}
