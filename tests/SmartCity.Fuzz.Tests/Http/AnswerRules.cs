using System.Net;
using System.Text.Json;
using SmartCity.Api.Tests;

namespace SmartCity.Fuzz.Tests.Http;

/// <summary>
/// What every answer to a hostile request must be: never a server error, and a refusal in RFC 9457
/// problem details; a 400 names the fields at fault (errors: {field: [messages]}). Two adapters answer
/// in their own standard's error shape instead: Open311 (GeoReport v2 errors, XML or JSON) and NGSI-LD
/// (ETSI GS CIM 009 §5.5.4: ProblemDetails with its own types, as application/json).
/// </summary>
public static class AnswerRules
{
    private const int MaxBodyRead = 8 * 1024 * 1024;

    /// <summary>Reads the answer (not a live event stream) and asserts the rules; returns the status.</summary>
    public static async Task<HttpStatusCode> AssertWellFormedAsync(string path, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        int status = (int)response.StatusCode;
        string mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        // A stream that opened is an accepted request; it never ends by itself.
        if (mediaType == "text/event-stream" && response.IsSuccessStatusCode) return response.StatusCode;
        string body = await ReadSomeAsync(response, cancellationToken);

        Assert.True(status < 500, $"Server error {status}: {body}");
        if (status < 400) return response.StatusCode;
        // Kestrel refuses a request it cannot parse (400: a NUL or invalid UTF-8 in the path; 414, 431: too long) before any
        // of the twin's code runs, with no body, and closes the connection. The twin's own refusals always have a body:
        // UseStatusCodePages writes problem details into any empty one.
        if (body.Length == 0 && response.Headers.ConnectionClose == true && status is 400 or 414 or 431) return response.StatusCode;
        // HEAD answers carry no body by definition (RFC 9110 §9.3.2).
        if (response.RequestMessage?.Method == HttpMethod.Head) return response.StatusCode;
        // Routing's own refusals (404, 405) are problem details on every path; the adapters' handlers speak their standard.
        if (path.StartsWith("/open311/", StringComparison.Ordinal) && mediaType != ProblemAssert.MediaType)
        {
            bool errorList = body.StartsWith('<')
                ? body.Contains("<errors>", StringComparison.Ordinal) && body.Contains("<description>", StringComparison.Ordinal)
                : JsonDocument.Parse(body).RootElement is { ValueKind: JsonValueKind.Array } list && list.EnumerateArray().All(e => e.TryGetProperty("description", out _));
            Assert.True(errorList, $"An Open311 refusal must be a GeoReport v2 error list: {body}");
            return response.StatusCode;
        }
        if (path.StartsWith("/ngsi-ld/", StringComparison.Ordinal) && mediaType != ProblemAssert.MediaType)
        {
            Assert.True(mediaType == "application/json", $"An NGSI-LD refusal ({status}) must be application/json: {body}");
            using var error = JsonDocument.Parse(body);
            Assert.True(error.RootElement.TryGetProperty("type", out _) && error.RootElement.TryGetProperty("title", out _), $"An NGSI-LD refusal needs a type and title: {body}");
            return response.StatusCode;
        }

        Assert.True(mediaType == ProblemAssert.MediaType, $"A {status} answer must be {ProblemAssert.MediaType}, not '{mediaType}': {body}");
        using var problem = JsonDocument.Parse(body);
        var root = problem.RootElement;
        Assert.True(root.TryGetProperty("status", out var statusMember) && statusMember.GetInt32() == status, $"The problem's status is not {status}: {body}");
        Assert.True(root.TryGetProperty("title", out var title) && !string.IsNullOrWhiteSpace(title.GetString()), $"The problem has no title: {body}");
        if (status == 400)
        {
            Assert.True(root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object, $"A 400 must name the fields at fault: {body}");
            Assert.NotEmpty(errors.EnumerateObject());
            foreach (var field in errors.EnumerateObject())
            {
                Assert.False(string.IsNullOrWhiteSpace(field.Name), $"A field at fault has no name: {body}");
                Assert.True(field.Value.ValueKind == JsonValueKind.Array && field.Value.GetArrayLength() > 0, $"'{field.Name}' is named without a message: {body}");
            }
        }
        return response.StatusCode;
    }

    private static async Task<string> ReadSomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[64 * 1024];
        using var text = new MemoryStream();
        int read;
        while (text.Length < MaxBodyRead && (read = await stream.ReadAsync(buffer, cancellationToken)) > 0) text.Write(buffer, 0, read);
        return System.Text.Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
    }
}
