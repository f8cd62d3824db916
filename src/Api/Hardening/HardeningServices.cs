using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmartCity.Api.Hardening;

/// <summary>
/// Registers the protections and puts them in the pipeline. Headers and CORS wrap the whole pipeline
/// (a startup filter), so that every answer carries them, refusals and errors too; rate limits, size
/// limits and timeouts go where <see cref="UseSmartCityHardening"/> is called, after authentication,
/// because the limits count per signed-in caller.
/// </summary>
public static class HardeningServices
{
    /// <summary>The log category of requests Kestrel refuses before the app sees them.</summary>
    public const string KestrelBadRequests = "Microsoft.AspNetCore.Server.Kestrel.BadRequests";

    /// <summary>The log category of ASP.NET Core's "Request starting/finished" lines.</summary>
    public const string RequestLog = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static IServiceCollection AddSmartCityHardening(this IServiceCollection services)
    {
        services.AddOptions<HardeningOptions>().BindConfiguration(HardeningOptions.Section)
            .Validate(IsValid, InvalidMessage).ValidateOnStart();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<HardeningOptions>>(
            (kestrel, hardening) => kestrel.Limits.MaxRequestBodySize = hardening.Value.RequestLimits.MaxBodyBytes);
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<HardeningOptions>>(
            (limiter, hardening) => RateLimits.Configure(limiter, hardening.Value.RateLimits));
        services.AddRequestTimeouts();
        services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<HardeningOptions>>(
            (timeouts, hardening) => timeouts.DefaultPolicy = TimeoutPolicy(hardening.Value.RequestTimeouts));
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<HardeningOptions>>(
            (forwarded, hardening) => TrustOnly(forwarded, hardening.Value.TrustedProxies));
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<HardeningOptions>>(
            (cors, hardening) => cors.AddDefaultPolicy(policy => CorsPolicyFor(policy, hardening.Value.Cors)));
        services.AddTransient<IStartupFilter, OuterLayers>();
        // Below Warning, Kestrel quotes a malformed request line or header line in full, Authorization
        // and X-Api-Key values included; capped here, it says only what was wrong, whatever else is configured.
        services.Configure<LoggerFilterOptions>(logging => logging.AddFilter(KestrelBadRequests, LogLevel.Warning));
        // The request log writes every query string, and Open311 clients may put their api_key there
        // (GeoReport v2 allows it); capped the same way. Request counts and times are in /metrics instead.
        services.Configure<LoggerFilterOptions>(logging => logging.AddFilter(RequestLog, LogLevel.Warning));
        return services;
    }

    /// <summary>Rate limits, body size limits and timeouts; call after UseAuthentication and before the endpoints.</summary>
    public static IApplicationBuilder UseSmartCityHardening(this IApplicationBuilder app)
    {
        app.UseRateLimiter();
        app.UseMiddleware<RequestSizeLimits>();
        app.UseRequestTimeouts();
        app.Use((http, next) =>
        {
            if (RequestKinds.Streams(http.Request)) http.Features.Get<IHttpRequestTimeoutFeature>()?.DisableTimeout();
            return next(http);
        });
        return app;
    }

    private static RequestTimeoutPolicy? TimeoutPolicy(RequestTimeoutSettings settings) =>
        settings.Enabled && settings.Default > TimeSpan.Zero
            ? new RequestTimeoutPolicy
            {
                Timeout = settings.Default,
                TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
                WriteTimeoutResponse = http => HardeningProblems.WriteAsync(
                    http,
                    StatusCodes.Status504GatewayTimeout,
                    "The request took too long.",
                    string.Create(CultureInfo.InvariantCulture,
                        $"The twin gave up after {settings.Default.TotalSeconds:0.###} seconds; anything the request had not yet done was not done. It may be tried again.")),
            }
            : null;

    private static void TrustOnly(ForwardedHeadersOptions forwarded, string[] proxies)
    {
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        // ASP.NET trusts loopback by default; here only what is configured. With no limit on hops, the
        // client is the nearest address in X-Forwarded-For that is not itself a trusted proxy.
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        forwarded.ForwardLimit = null;
        foreach (var proxy in proxies.Select(p => p.Trim()))
        {
            if (IPAddress.TryParse(proxy, out var address)) forwarded.KnownProxies.Add(address);
            else forwarded.KnownIPNetworks.Add(IPNetwork.Parse(proxy));
        }
    }

    // No credentials: people send bearer tokens and sensors API keys in headers, never cookies.
    private static void CorsPolicyFor(CorsPolicyBuilder policy, CorsSettings settings) =>
        policy.WithOrigins([.. settings.AllowedOrigins.Select(o => o.Trim().TrimEnd('/')).Where(o => o.Length > 0)])
            .WithMethods(HttpMethods.Get, HttpMethods.Head, HttpMethods.Post)
            .WithHeaders("Content-Type", "Authorization", RequestKinds.ApiKeyHeader, "Last-Event-ID")
            .WithExposedHeaders("Location", "Retry-After")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10));

    /// <summary>The outermost layers, ahead of the exception handler and routing.</summary>
    private sealed class OuterLayers : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            // First, so that the rate limits, HSTS and the logs all see the client behind the proxy.
            if (app.ApplicationServices.GetRequiredService<IOptions<HardeningOptions>>().Value.TrustedProxies.Length > 0)
            {
                app.UseForwardedHeaders();
            }
            app.UseMiddleware<SecurityHeaders>();
            app.UseCors();
            next(app);
        };
    }

    private const string InvalidMessage =
        "Hardening: every rate limit and window must be positive, MaxBodyBytes positive, each CORS origin an absolute http(s) origin without a path, and each trusted proxy an IP address or network (10.0.0.0/24).";

    private static bool IsValid(HardeningOptions options) =>
        new[] { options.RateLimits.Ingest, options.RateLimits.Writes, options.RateLimits.Reads }
            .All(rule => rule.PerCaller > 0 && rule.PerAddress > 0 && rule.Window > TimeSpan.Zero)
        && options.RequestLimits.MaxBodyBytes > 0
        && options.Cors.AllowedOrigins.All(IsOrigin)
        && options.TrustedProxies.All(p => IPAddress.TryParse(p.Trim(), out _) || IPNetwork.TryParse(p.Trim(), out _));

    private static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin.Trim().TrimEnd('/'), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query);
}
