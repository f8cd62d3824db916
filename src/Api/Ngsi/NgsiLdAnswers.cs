using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;

namespace SmartCity.Api.Ngsi;

/// <summary>
/// How the NGSI-LD view answers: content negotiation, the JSON-LD @context, and errors, after
/// ETSI GS CIM 009 V1.8.1 clauses 6.3.2 (error types to HTTP status), 6.3.4 (MIME types),
/// 6.3.5 (@context resolution), 5.5.2 (error types) and 5.5.3 (error payload).
/// </summary>
public static class NgsiLdAnswers
{
    public const string Json = "application/json";
    public const string JsonLd = "application/ld+json";

    /// <summary>The Smart Data Models @context, which defines every term of the three models served.</summary>
    public const string SmartDataModelsContext = "https://smartdatamodels.org/context.jsonld";

    public const string CoreContext = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld";

    public const string ErrorTypes = "https://uri.etsi.org/ngsi-ld/errors/";

    public static readonly IReadOnlyList<string> Context = [SmartDataModelsContext, CoreContext];

    /// <summary>
    /// application/ld+json when the client prefers it; application/json when it takes JSON or
    /// anything (also with no Accept header); null when it takes neither (406, clause 6.3.4).
    /// GeoJSON (application/geo+json) is not offered by this view.
    /// </summary>
    public static string? Negotiate(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0) return Json;
        string? chosen = null;
        double best = 0;
        bool chosenByWildcard = false;
        foreach (var range in accept)
        {
            double quality = range.Quality ?? 1;
            bool wildcard = range.MediaType.Value is "*/*" or "application/*";
            string? offer = range.MediaType.Value switch
            {
                JsonLd => JsonLd,
                Json => Json,
                _ => wildcard ? Json : null,
            };
            if (offer is null || quality <= 0) continue;
            // The first of equal quality wins, except that a named type beats a wildcard.
            if (quality > best || (quality == best && chosenByWildcard && !wildcard)) (chosen, best, chosenByWildcard) = (offer, quality, wildcard);
        }
        return chosen;
    }

    /// <summary>
    /// The body in the negotiated type. As application/ld+json each entity carries its @context;
    /// as application/json the @context travels in a Link header (clause 6.3.5).
    /// </summary>
    public static IResult Answer(HttpContext http, string mediaType, JsonNode body)
    {
        if (mediaType == Json)
        {
            http.Response.Headers.Append(HeaderNames.Link,
                $"<{SmartDataModelsContext}>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"{JsonLd}\"");
        }
        return Results.Text(body.ToJsonString(), mediaType, Encoding.UTF8);
    }

    /// <summary>The context to write into each entity: only for application/ld+json.</summary>
    public static IReadOnlyList<string>? ContextFor(string mediaType) => mediaType == JsonLd ? Context : null;

    public static IResult ResourceNotFound(string detail) => Problem(StatusCodes.Status404NotFound, "ResourceNotFound", "No such entity.", detail);

    public static IResult BadRequestData(string detail) => Problem(StatusCodes.Status400BadRequest, "BadRequestData", "The request has bad data.", detail);

    /// <summary>406 (clause 6.3.4); Table 5.5.2-1 names no error type for it, so it takes the name other NGSI-LD brokers use.</summary>
    public static IResult NotAcceptable() => Problem(StatusCodes.Status406NotAcceptable, "NotAcceptable", "No acceptable representation.",
        $"This view answers {Json} (the @context in a Link header) or {JsonLd} (the @context in the body).");

    /// <summary>
    /// RFC 7807 problem details, sent as application/json rather than application/problem+json:
    /// clause 5.5.3 asks for the plain JSON type "so that old clients or existing tools are not broken".
    /// </summary>
    private static IResult Problem(int status, string errorType, string title, string detail) =>
        Results.Json(
            new Microsoft.AspNetCore.Mvc.ProblemDetails { Type = ErrorTypes + errorType, Title = title, Detail = detail, Status = status },
            contentType: Json,
            statusCode: status);
}
