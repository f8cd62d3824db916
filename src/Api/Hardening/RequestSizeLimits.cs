using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using SmartCity.Api.Readings;

namespace SmartCity.Api.Hardening;

/// <summary>
/// Caps each request body by its kind: sensor ingest may carry a full batch, anything else is small.
/// A body declared too large is refused with 413 before a byte of it is read; one that grows too large
/// while read (chunked) is refused by Kestrel, and answered here with the same 413 when the endpoint
/// does not answer it itself.
/// </summary>
public sealed class RequestSizeLimits(RequestDelegate next, IOptions<HardeningOptions> options)
{
    public async Task InvokeAsync(HttpContext http)
    {
        long limit = LimitFor(RequestKinds.Of(http.Request));
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = limit;
        }
        if (http.Request.ContentLength > limit)
        {
            await HardeningProblems.TooLargeAsync(http, limit);
            return;
        }
        try
        {
            await next(http);
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge && !http.Response.HasStarted)
        {
            await HardeningProblems.TooLargeAsync(http, limit);
        }
    }

    /// <summary>Ingest is sized for a batch of 10,000 readings (ReadingsEndpoints); the rest by Hardening:RequestLimits:MaxBodyBytes.</summary>
    private long LimitFor(RequestKind kind) =>
        kind == RequestKind.Ingest ? ReadingsEndpoints.MaxBodyBytes : options.Value.RequestLimits.MaxBodyBytes;
}
