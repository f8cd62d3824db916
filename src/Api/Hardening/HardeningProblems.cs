using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace SmartCity.Api.Hardening;

/// <summary>Problem details (RFC 9457) for requests the protections refuse before any endpoint sees them.</summary>
public static class HardeningProblems
{
    public static async Task WriteAsync(HttpContext http, int status, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        http.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        foreach (var (name, value) in extensions ?? new Dictionary<string, object?>()) problem.Extensions[name] = value;
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem }))
        {
            // Not RequestAborted: after a timeout it is already cancelled, and the answer must still go out.
            await http.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", CancellationToken.None);
        }
    }

    /// <summary>413 in the shape the endpoints answer an oversized body with: errors naming "body".</summary>
    public static Task TooLargeAsync(HttpContext http, long limit) =>
        WriteAsync(
            http,
            StatusCodes.Status413PayloadTooLarge,
            "The request body is too large.",
            "Nothing was changed.",
            new Dictionary<string, object?>
            {
                ["errors"] = new Dictionary<string, string[]> { ["body"] = [$"The body is larger than {Describe(limit)}; send a smaller one."] },
            });

    private static string Describe(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{bytes / (1024 * 1024)} MiB",
        >= 1024 when bytes % 1024 == 0 => $"{bytes / 1024} KiB",
        _ => $"{bytes} bytes",
    };
}
