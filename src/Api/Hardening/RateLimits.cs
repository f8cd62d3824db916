using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace SmartCity.Api.Hardening;

/// <summary>
/// The rate limits: a fixed window per kind of request, counted per caller and per client address
/// (both must allow), refused with 429, Retry-After and problem details.
/// </summary>
public static class RateLimits
{
    /// <summary>Fills the limiter options from the hardening settings.</summary>
    public static void Configure(RateLimiterOptions options, RateLimitOptions settings)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = (context, ct) => new ValueTask(RejectAsync(context.HttpContext, context.Lease));
        if (!settings.Enabled) return;
        // Per caller first: a caller over its own limit is refused without using up its address's permits.
        options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
            Limiter(settings, RequestKinds.CallerOf, rule => rule.PerCaller),
            Limiter(settings, RequestKinds.AddressOf, rule => rule.PerAddress));
    }

    private static PartitionedRateLimiter<HttpContext> Limiter(
        RateLimitOptions settings, Func<HttpContext, string> partitionOf, Func<RateLimitRule, int> permitsOf) =>
        PartitionedRateLimiter.Create<HttpContext, (RequestKind, string)>(http =>
        {
            var kind = RequestKinds.Of(http.Request);
            var rule = kind switch
            {
                RequestKind.Ingest => settings.Ingest,
                RequestKind.Write => settings.Writes,
                RequestKind.Read => settings.Reads,
                _ => null,
            };
            if (rule is null) return RateLimitPartition.GetNoLimiter((kind, ""));
            return RateLimitPartition.GetFixedWindowLimiter((kind, partitionOf(http)), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permitsOf(rule),
                Window = rule.Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });

    private static async Task RejectAsync(HttpContext http, RateLimitLease lease)
    {
        // Whole seconds, rounded up (RFC 9110 section 10.2.3): a client that waits as told finds a fresh window.
        int seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await HardeningProblems.WriteAsync(
            http,
            StatusCodes.Status429TooManyRequests,
            "Too many requests.",
            $"This caller or address sent more requests than the twin takes from one client; nothing was changed. Try again in {seconds} seconds.",
            new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds });
    }
}
