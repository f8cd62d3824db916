using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace SmartCity.Api;

/// <summary>
/// Reads a small JSON request body into a request record, answering malformed JSON, a wrong type
/// or an unknown field with problem details that name the field (minimal-API binding gives a bare 400).
/// </summary>
public static class JsonBody
{
    /// <summary>Requests made by people are small; anything bigger is a mistake or an attack.</summary>
    public const long MaxBytes = 64 * 1024;

    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext http) where T : class
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = MaxBytes;
        }
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(http.Request.Body, Options, http.RequestAborted);
            return value is null ? (null, ApiProblems.BadRequest("body", "The body must be a JSON object.")) : (value, null);
        }
        catch (JsonException error)
        {
            // A member with an empty name has the path "$."; it is named by the body, as a field with no name cannot be.
            string field = error.Path?.TrimStart('$', '.') is { Length: > 0 } path ? path : "body";
            return (null, ApiProblems.BadRequest(field, $"'{field}' is not valid here: {FirstSentence(error.Message)}"));
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Results.ValidationProblem(
                new Dictionary<string, string[]> { ["body"] = [$"The body is larger than {MaxBytes / 1024} KiB."] },
                title: "The request body is too large.",
                statusCode: StatusCodes.Status413PayloadTooLarge));
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
            MaxDepth = 8,
        };
        JsonNames.Configure(options);
        return options;
    }

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
