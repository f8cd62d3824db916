using System.Text.Encodings.Web;
using System.Text.Json;

namespace SmartCity.Api.Open311;

/// <summary>The formats of GeoReport v2 "Format Support": the client names one by the resource's ending, .xml or .json.</summary>
public enum Open311Format
{
    Json,
    Xml,
}

/// <summary>
/// An Open311 answer written in the format the client asked for. Both formats come from the same
/// records, so they cannot drift apart; the spec defines its JSON as the Spark-convention mapping of
/// its XML ("Format Support", "JSON Support").
/// </summary>
public sealed class Open311Answer : IResult
{
    /// <summary>
    /// JSON leaves out what we do not know rather than writing null: the spec marks those fields "may
    /// not be returned", and the Smart Data Models schemas type them as strings, which null is not.
    /// </summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        // Timestamps read "+08:00" and Chinese place names as themselves, as in the spec's examples,
        // not "\u002B08:00": the answer is application/json for API clients, never inlined into HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // The XML keeps every field of the spec's examples, an unknown one as an empty element (<account_id/>).
    private static readonly JsonSerializerOptions XmlSource = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly Open311Format _format;
    private readonly int _status;
    private readonly object _body;
    private readonly string _root;
    private readonly string _item;

    private Open311Answer(Open311Format format, int status, object body, string root, string item)
    {
        (_format, _status, _body, _root, _item) = (format, status, body, root, item);
    }

    public static bool TryParseFormat(string text, out Open311Format format)
    {
        (bool known, format) = text.ToLowerInvariant() switch
        {
            "json" => (true, Open311Format.Json),
            "xml" => (true, Open311Format.Xml),
            _ => (false, default),
        };
        return known;
    }

    /// <summary>A list answer: JSON array, XML &lt;root&gt; with one &lt;item&gt; per entry.</summary>
    public static Open311Answer List<T>(Open311Format format, IReadOnlyList<T> items, string root, string item) =>
        new(format, StatusCodes.Status200OK, items.ToArray(), root, item);

    /// <summary>A single object answer (the service definition): JSON object, XML &lt;root&gt; with its fields.</summary>
    public static Open311Answer Item<T>(Open311Format format, T body, string root) where T : notnull =>
        new(format, StatusCodes.Status200OK, body, root, "");

    /// <summary>The spec's "Errors" answer: [{code, description}] or &lt;errors&gt;&lt;error&gt;; each description starts with the field at fault.</summary>
    public static Open311Answer Errors(Open311Format format, int status, IEnumerable<Open311Error> errors) =>
        new(format, status, errors.ToArray(), "errors", "error");

    public static Open311Answer Error(Open311Format format, int status, string field, string message) =>
        Errors(format, status, [new Open311Error(status, $"{field}: {message}")]);

    /// <summary>Neither .json nor .xml: no such resource. XML is the format every GeoReport v2 client reads.</summary>
    public static Open311Answer UnknownFormat(string format) =>
        Error(Open311Format.Xml, StatusCodes.Status404NotFound, "format", $"'.{Clip(format)}' is not a format of this API; use .json or .xml.");

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        byte[] content = _format == Open311Format.Json
            ? JsonSerializer.SerializeToUtf8Bytes(_body, _body.GetType(), Json)
            : Open311Xml.Write(JsonSerializer.SerializeToElement(_body, _body.GetType(), XmlSource), _root, _item);
        var response = httpContext.Response;
        response.StatusCode = _status;
        // "Format Support": these exact content types, UTF-8 everywhere.
        response.ContentType = _format == Open311Format.Json ? "application/json; charset=utf-8" : "text/xml; charset=utf-8";
        response.ContentLength = content.Length;
        await response.Body.WriteAsync(content, httpContext.RequestAborted);
    }

    public static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
