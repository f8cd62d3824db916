using System.Text;
using CsCheck;
using Microsoft.AspNetCore.Routing.Patterns;
using SmartCity.Api.Security;
using SmartCity.TestSupport;

namespace SmartCity.Fuzz.Tests.Http;

/// <summary>One request to send: everything in it may be hostile. The body is bytes, so it need not be valid UTF-8.</summary>
public sealed record HostileRequest(ApiEndpoint Endpoint, string Method, string PathAndQuery, byte[]? Body, string? ContentType, string? LastEventId)
{
    /// <summary>
    /// Asks before sending the body (Expect: 100-continue), as a careful client does with a big one: the twin can
    /// refuse it from its Content-Length, and the refusal can be read instead of a reset connection.
    /// </summary>
    public bool ExpectContinue { get; init; }

    /// <summary>Who sends it: admin (past every role check, to reach each endpoint's own validation), nobody, a citizen, or a forged token.</summary>
    public RequestCaller Caller { get; init; } = RequestCaller.Admin;

    /// <summary>Marks a message to go out with no credential at all (FuzzTwin picks the anonymous client).</summary>
    public static readonly HttpRequestOptionsKey<bool> Anonymous = new("smartcity-anonymous");

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), PathAndQuery);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        if (LastEventId is not null) message.Headers.TryAddWithoutValidation("Last-Event-ID", LastEventId);
        if (ExpectContinue) message.Headers.ExpectContinue = true;
        switch (Caller)
        {
            case RequestCaller.Nobody: message.Options.Set(Anonymous, true); break;
            case RequestCaller.Citizen: message.Headers.Authorization = new("Bearer", CitizenToken); break;
            case RequestCaller.Forged: message.Headers.Authorization = new("Bearer", ForgedToken); break;
        }
        return message;
    }

    public override string ToString()
    {
        string body = Body is null ? "(no body)" : Body.Length > 4000 ? $"{Body.Length} bytes: {Encoding.UTF8.GetString(Body, 0, 4000)}…" : Encoding.UTF8.GetString(Body);
        return $"{Method} {PathAndQuery} [{ContentType}] as {Caller} {(LastEventId is null ? "" : $"Last-Event-ID: {LastEventId} ")}{body}";
    }

    private static readonly string CitizenToken = TestCredentials.Token("citizen:fuzz", [Roles.Citizen]);

    // An admin token whose signature was made with another key.
    private static readonly string ForgedToken = string.Join('.', TestCredentials.Admin.Split('.')[..2]) + ".bm90LXRoZS10d2lucy1zaWduYXR1cmU";
}

public enum RequestCaller { Admin, Nobody, Citizen, Forged }

/// <summary>Generators of hostile requests for one endpoint: route values, query strings, bodies and their content types.</summary>
public static class HostileRequests
{
    /// <summary>Every query parameter the API reads somewhere, so each endpoint is also tried with the others' parameters.</summary>
    public static readonly string[] QueryNames =
    [
        "lat", "lon", "long", "radius", "limit", "kind", "openNow", "lang", "district", "grid", "status", "category", "type", "sortBy",
        "window", "format", "from", "to", "time", "before", "after", "entity", "lastEventId", "west", "south", "east", "north",
        "q", "count", "georel", "geometry", "coordinates", "geoproperty", "options", "attrs", "id", "idPattern", "offset",
        "service_code", "service_request_id", "start_date", "end_date", "api_key", "jurisdiction_id", "citizenId", "seed",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json; charset=utf-16", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
        "application/xml", "application/json; charset=nonsense", "garbage/;;;", "application/problem+json", "",
    ];

    /// <summary>Route values and a query string, with no body (or the endpoint's own valid example).</summary>
    public static Gen<HostileRequest> Url(ApiEndpoint endpoint, IReadOnlyList<string> knownIds) =>
        Gen.Select(Path(endpoint, knownIds), Query, Gen.Int[0, 9], Gen.OneOf<string?>(null, null, null, "0", "-1", "99999999999999999999", "abc", "1e3"), Method(endpoint), Callers)
            .Select(t => new HostileRequest(endpoint, t.Item5, t.Item1 + t.Item2,
                endpoint.TakesBody && t.Item3 < 5 ? Encoding.UTF8.GetBytes(endpoint.ExampleBody ?? "{}") : null,
                endpoint.TakesBody ? "application/json" : null, t.Item4) { Caller = t.Item6 });

    /// <summary>A body made from the endpoint's example by one hostile edit, or not JSON at all, under a right or wrong content type.</summary>
    public static Gen<HostileRequest> Body(ApiEndpoint endpoint, IReadOnlyList<string> knownIds) =>
        Gen.Select(Path(endpoint, knownIds, hostile: 1), BodyBytes(endpoint), Gen.Int[0, 9], Gen.OneOf(ContentTypes), Callers)
            .Select(t => new HostileRequest(endpoint, endpoint.Method, t.Item1, t.Item2, t.Item3 < 8 ? "application/json" : t.Item4, null) { Caller = t.Item5 });

    /// <summary>Mostly admin, so hostile input reaches each endpoint's checks; sometimes nobody, a citizen or a forger, for the credential checks in front.</summary>
    private static readonly Gen<RequestCaller> Callers = Gen.Frequency(
        (7, Gen.Const(RequestCaller.Admin)), (1, Gen.Const(RequestCaller.Nobody)), (1, Gen.Const(RequestCaller.Citizen)), (1, Gen.Const(RequestCaller.Forged)));

    /// <summary>A body past any limit the API sets: the documented example padded, a huge string or a huge array.</summary>
    public static Gen<HostileRequest> Oversized(ApiEndpoint endpoint, IReadOnlyList<string> knownIds) =>
        Gen.Select(Path(endpoint, knownIds, hostile: 0), Gen.OneOf(70 * 1024, 1100 * 1024, 17 * 1024 * 1024), Gen.Int[0, 2])
            .Select(t => new HostileRequest(endpoint, endpoint.Method, t.Item1, Padded(endpoint, t.Item2, t.Item3), "application/json", null) { ExpectContinue = true });

    /// <summary>Mostly the endpoint's own method; sometimes one it does not map, which must get a 405 in problem details.</summary>
    private static Gen<string> Method(ApiEndpoint endpoint) =>
        Gen.Frequency((9, Gen.Const(endpoint.Method)), (1, Gen.OneOf("DELETE", "PUT", "PATCH", "OPTIONS", "TRACE", "PROPFIND")));

    private static Gen<string> Path(ApiEndpoint endpoint, IReadOnlyList<string> knownIds, int hostile = 5)
    {
        var parameters = endpoint.Route.Parameters;
        if (parameters.Count == 0) return Gen.Const(endpoint.PathWith(_ => ""));
        // Mostly ids that exist, so the request reaches the checks behind the lookup; else hostile text.
        var value = Gen.Frequency((10 - hostile, Gen.OneOf([.. knownIds, "json", "xml", "2026-11-25"]).Select(HostileInput.UrlEncode)), (hostile, HostileInput.UrlText));
        return value.Array[parameters.Count].Select(values =>
        {
            int i = 0;
            var byName = parameters.ToDictionary(p => p.Name, _ => values[i++]);
            return endpoint.PathWith(p => byName[p.Name]);
        });
    }

    private static readonly Gen<string> Query =
        Gen.Select(Gen.OneOf(QueryNames), Gen.Frequency((3, HostileInput.UrlText), (1, Gen.OneOf("1", "30.27", "120.13", "true", "2026-11-25T10:00:00Z", "json", ""))))
            .Select(p => $"{p.Item1}={p.Item2}")
            .Array[0, 4]
            .Select(pairs => pairs.Length == 0 ? "" : "?" + string.Join('&', pairs));

    private static Gen<byte[]> BodyBytes(ApiEndpoint endpoint) => JsonMutation.Of(endpoint.ExampleBody ?? "{}", endpoint.BodyFields);

    private static byte[] Padded(ApiEndpoint endpoint, int size, int shape)
    {
        string template = endpoint.ExampleBody ?? "{}";
        var text = new StringBuilder(size + template.Length);
        switch (shape)
        {
            case 0: // valid JSON with the padding as whitespace
                text.Append(' ', size).Append(template);
                break;
            case 1: // one very long string value in an unknown field
                text.Append("{\"pad\":\"").Append('x', size).Append("\"}");
                break;
            default: // a very long array of the example
                text.Append('[');
                while (text.Length < size) text.Append(template).Append(',');
                text.Append(template).Append(']');
                break;
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
