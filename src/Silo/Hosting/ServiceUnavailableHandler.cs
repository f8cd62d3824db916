using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using SmartCity.Silo.Storage;

namespace SmartCity.Silo.Hosting;

/// <summary>
/// Answers 503 with Retry-After, instead of 500, when a request failed for a reason that passes by
/// itself: the database behind the twin is unreachable (PostgreSQL restarting, connections refused or
/// exhausted, the SQLite file locked or its disk full), or the silo holding the grain died and the
/// cluster has not yet moved it. Such a request changed nothing durable: the caller may simply try
/// again. Live reads, served from memory, keep working meanwhile.
/// </summary>
public sealed class ServiceUnavailableHandler(IProblemDetailsService problems, ILogger<ServiceUnavailableHandler> logger) : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait: about how long PostgreSQL takes to restart, or the cluster to declare a silo dead.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        string? detail = StorageOutage.Is(exception)
            ? "The twin's database cannot be reached; nothing was changed."
            : IsSiloFailover(exception)
                ? "A silo of the cluster stopped answering; its work is moving to the others and nothing was changed."
                : null;
        if (detail is null) return false;

        logger.LogWarning("Service unavailable for {Method} {Path}: {Reason}", httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Temporarily unavailable.",
                Detail = $"{detail} Try again in {RetryAfterSeconds} seconds.",
            },
        });
    }

    // A grain call to a silo that died: refused, rejected while the cluster reroutes, or timed out.
    private static bool IsSiloFailover(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException) return true;
        }
        return false;
    }
}
