namespace SmartCity.Api.Hardening;

/// <summary>
/// Settings of the API's protections (section "Hardening"): rate limits, request sizes and times,
/// CORS and response headers. docs/hardening.md lists each with its default and what a client sees.
/// </summary>
public sealed class HardeningOptions
{
    public const string Section = "Hardening";

    public RateLimitOptions RateLimits { get; set; } = new();

    public RequestLimitOptions RequestLimits { get; set; } = new();

    public RequestTimeoutSettings RequestTimeouts { get; set; } = new();

    public CorsSettings Cors { get; set; } = new();

    public SecurityHeaderSettings SecurityHeaders { get; set; } = new();

    /// <summary>
    /// Reverse proxies or load balancers in front of the twin, as addresses ("10.0.0.5") or networks
    /// ("10.0.0.0/24"). Only a request arriving from one of them may say, in X-Forwarded-For and
    /// X-Forwarded-Proto, which client and scheme it forwards; from anyone else those headers are
    /// ignored, since anybody can send them. None by default, loopback included.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];
}

/// <summary>
/// Requests per window, counted apart for sensor ingest, other writes and reads. The defaults sit above
/// what one twin answers at all (about 40,000 requests/s on the benchmark's 2-core machine), so they
/// only bite once a deployment sets its own.
/// </summary>
public sealed class RateLimitOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>POST /api/readings: sensors and gateways sending batches.</summary>
    public RateLimitRule Ingest { get; set; } = new() { PerCaller = 50_000, PerAddress = 100_000 };

    /// <summary>Every other POST, PUT, PATCH and DELETE: reports, official actions, scenarios, quiz answers.</summary>
    public RateLimitRule Writes { get; set; } = new() { PerCaller = 50_000, PerAddress = 100_000 };

    /// <summary>GET and HEAD: the console, feeds, nearby searches, NGSI-LD and Open311 reads.</summary>
    public RateLimitRule Reads { get; set; } = new() { PerCaller = 100_000, PerAddress = 200_000 };
}

/// <summary>One kind of request's limits: per caller (user, API key, or address without either) and per client address.</summary>
public sealed class RateLimitRule
{
    public int PerCaller { get; set; }

    public int PerAddress { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>How big a request body may be.</summary>
public sealed class RequestLimitOptions
{
    /// <summary>Every request but sensor ingest; the endpoints that read small JSON bodies cap theirs lower still.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;
}

/// <summary>How long a request may take before the twin gives up on it.</summary>
public sealed class RequestTimeoutSettings
{
    public bool Enabled { get; set; } = true;

    /// <summary>Every request but the streams (the live event stream and event exports).</summary>
    public TimeSpan Default { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Which other web origins may call the API from a browser; none unless listed.</summary>
public sealed class CorsSettings
{
    /// <summary>Origins such as "https://console.example.org": scheme, host and port, no path.</summary>
    public string[] AllowedOrigins { get; set; } = [];
}

/// <summary>Response headers that need a setting.</summary>
public sealed class SecurityHeaderSettings
{
    /// <summary>Strict-Transport-Security max-age, sent on HTTPS answers only; zero sends none.</summary>
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);
}
