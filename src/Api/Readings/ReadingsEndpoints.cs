using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using SmartCity.Api.Security;
using SmartCity.Grains;
using SmartCity.Grains.City;
using SmartCity.Grains.Readings;

namespace SmartCity.Api.Readings;

/// <summary>Sensor ingest: POST /api/readings with a batch (or a single reading).</summary>
public static class ReadingsEndpoints
{
    public const int MaxBatchSize = 10_000;

    /// <summary>Room for a full batch of generously sized readings (~1.6 KB each).</summary>
    public const long MaxBodyBytes = 16 * 1024 * 1024;

    public static IEndpointRouteBuilder MapReadingsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/readings").WithTags("Readings").MapPost("/", PostReadings).ForRoles(Roles.Sensor)
            .WithSummary("Sensor readings, a batch of up to 10,000: each applied by event time, with its own result")
            .Accepts<ReadingRequest[]>("application/json")
            .Produces<IngestResponse>().ProducesValidationProblem().ProducesValidationProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>
    /// Accepts a JSON array of readings, an object {"readings": [...]}, or one reading object.
    /// Valid readings apply even when others in the batch are rejected; each gets its own result.
    /// A batch whose readings are all rejected is answered 400 with the fields at fault.
    /// </summary>
    public static async Task<IResult> PostReadings(
        HttpContext http, ReadingIngest ingest, IngestAdmission admission, ReadingMetrics metrics, CityMap city, CityClock clock, IOptions<TwinOptions> options)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            // Full already: no batch could go in, so spare the parsing and validation of one that will be
            // turned away anyway (under overload that was most of the work, for nothing).
            if (admission.IsFull)
            {
                metrics.ShedUnread();
                return Busy(http);
            }
            return await AnswerBatchAsync(http, ingest, metrics, city, clock, options);
        }
        finally
        {
            metrics.BatchAnswered(Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>The twin has as much in flight as it may hold: nothing was applied; the sender tries again shortly.</summary>
    private static IResult Busy(HttpContext http)
    {
        http.Response.Headers.RetryAfter = ShedAdvice.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(
            title: "Too much ingest in flight.",
            detail: $"The twin is applying as many readings as it can hold; nothing of this batch was applied. Try again in {ShedAdvice.RetryAfterSeconds} second.",
            statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> AnswerBatchAsync(
        HttpContext http, ReadingIngest ingest, ReadingMetrics metrics, CityMap city, CityClock clock, IOptions<TwinOptions> options)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = MaxBodyBytes;
        }
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(http.Request.Body, new JsonDocumentOptions { MaxDepth = 16 }, http.RequestAborted);
        }
        catch (JsonException error)
        {
            return ApiProblems.BadRequest("body", $"The body is not valid JSON (line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1}).");
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { ["body"] = [$"The body is larger than {MaxBodyBytes / (1024 * 1024)} MiB; send smaller batches."] },
                title: "The request body is too large.",
                statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        using (document)
        {
            if (UnicodeJson.FirstInvalidText(document.RootElement) is { } invalid)
            {
                return ApiProblems.BadRequest(invalid, "Not valid Unicode text: invalid UTF-8 or a lone surrogate escape.");
            }
            if (!ReadingBatch.TryGetItems(document.RootElement, out var items, out var problem))
            {
                return ApiProblems.BadRequest(problem.Field, problem.Message);
            }
            var batch = ReadingBatch.Validate(new ReadingValidator(city, clock, options.Value, http.User.MaySendReadingsFor), items);
            metrics.Counted(batch.Valid, batch.RejectedTypeNames);
            if (batch.Valid.Count == 0) return ApiProblems.BadRequest(batch.Errors, "No reading in the batch was accepted; nothing was applied.");

            var outcomes = await ingest.TryApplyAsync(batch.Valid);
            if (outcomes is null)
            {
                metrics.Shed(batch.Valid.Count);
                return Busy(http);
            }
            return Results.Ok(batch.Answer(outcomes));
        }
    }
}

/// <summary>Seconds a sender turned away for load is asked to wait: in-flight batches finish in well under that.</summary>
file static class ShedAdvice
{
    public const int RetryAfterSeconds = 1;
}

/// <summary>What became of one reading: applied, outdated, duplicate, or rejected with the fields at fault.</summary>
public sealed record ReadingResult(int Index, string? ReadingId, string Status, IReadOnlyDictionary<string, string[]>? Errors);

/// <summary>The answer to a batch.</summary>
public sealed record IngestResponse(int Accepted, int Rejected, IReadOnlyList<ReadingResult> Results);
