using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
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

    private static readonly string[] OutcomeNames = [.. Enum.GetNames<ReadingOutcome>().Select(JsonNames.CamelCase)];

    public static IEndpointRouteBuilder MapReadingsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/readings").WithTags("Readings").MapPost("/", PostReadings)
            .WithSummary("Sensor readings, a batch of up to 10,000: each applied by event time, with its own result")
            .Accepts<ReadingRequest[]>("application/json")
            .Produces<IngestResponse>().ProducesValidationProblem().ProducesValidationProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    /// <summary>
    /// Accepts a JSON array of readings, an object {"readings": [...]}, or one reading object.
    /// Valid readings apply even when others in the batch are rejected; each gets its own result.
    /// A batch whose readings are all rejected is answered 400 with the fields at fault.
    /// </summary>
    public static async Task<IResult> PostReadings(
        HttpContext http, ReadingIngest ingest, ReadingMetrics metrics, CityMap city, CityClock clock, IOptions<TwinOptions> options)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            return await AnswerBatchAsync(http, ingest, metrics, city, clock, options);
        }
        finally
        {
            metrics.BatchAnswered(Stopwatch.GetElapsedTime(started));
        }
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
            if (!TryGetItems(document.RootElement, out var items, out var problem)) return problem!;

            var validator = new ReadingValidator(city, clock, options.Value);
            var errors = new Dictionary<string, string[]>();
            var results = new ReadingResult[items.Count];
            var valid = new List<Reading>(items.Count);
            var validPositions = new List<int>(items.Count);
            var scratch = new Dictionary<string, string[]>();
            var rejectedTypeNames = new List<string?>();
            for (int i = 0; i < items.Count; i++)
            {
                scratch.Clear();
                var reading = validator.Validate(items[i], $"readings[{i}]", scratch);
                if (reading is null)
                {
                    var itemErrors = new Dictionary<string, string[]>(scratch);
                    foreach (var (field, messages) in itemErrors) errors[field] = messages;
                    results[i] = new ReadingResult(i, ReadingIdOf(items[i]), "rejected", itemErrors);
                    rejectedTypeNames.Add(TypeNameOf(items[i]));
                    continue;
                }
                valid.Add(reading);
                validPositions.Add(i);
            }
            metrics.Counted(valid, rejectedTypeNames);
            if (valid.Count == 0) return ApiProblems.BadRequest(errors, "No reading in the batch was accepted; nothing was applied.");

            var outcomes = await ingest.ApplyAsync(valid);
            for (int j = 0; j < valid.Count; j++)
            {
                results[validPositions[j]] = new ReadingResult(validPositions[j], valid[j].ReadingId, OutcomeNames[(int)outcomes[j]], null);
            }
            return Results.Ok(new IngestResponse(valid.Count, items.Count - valid.Count, results));
        }
    }

    private static bool TryGetItems(JsonElement root, out IReadOnlyList<JsonElement> items, out IResult? problem)
    {
        items = [];
        problem = null;
        JsonElement array;
        if (root.ValueKind == JsonValueKind.Array) array = root;
        else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("readings", out var inner)) array = inner;
        else if (root.ValueKind == JsonValueKind.Object)
        {
            items = [root];
            return true;
        }
        else
        {
            problem = ApiProblems.BadRequest("body", "Send a JSON array of readings, {\"readings\": [...]}, or one reading object.");
            return false;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            problem = ApiProblems.BadRequest("readings", "'readings' must be an array.");
            return false;
        }
        int count = array.GetArrayLength();
        if (count == 0 || count > MaxBatchSize)
        {
            problem = ApiProblems.BadRequest("readings", $"A batch holds 1 to {MaxBatchSize} readings; this one has {count}.");
            return false;
        }
        items = [.. array.EnumerateArray()];
        return true;
    }

    private static string? ReadingIdOf(JsonElement item) => StringProperty(item, "readingId");

    private static string? TypeNameOf(JsonElement item) => StringProperty(item, "type");

    private static string? StringProperty(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String
            ? property.GetString() : null;
}

/// <summary>What became of one reading: applied, outdated, duplicate, or rejected with the fields at fault.</summary>
public sealed record ReadingResult(int Index, string? ReadingId, string Status, IReadOnlyDictionary<string, string[]>? Errors);

/// <summary>The answer to a batch.</summary>
public sealed record IngestResponse(int Accepted, int Rejected, IReadOnlyList<ReadingResult> Results);
