using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace SmartCity.Fuzz.Tests.Http;

/// <summary>
/// One endpoint the twin maps, as the routing table has it, so an endpoint added tomorrow is fuzzed without
/// anyone listing it: its methods, its route with the parameters to fill, and for one that takes a body,
/// the documented example to start mutating from and the names of the body's fields.
/// </summary>
public sealed record ApiEndpoint(string Method, RoutePattern Route, Type? BodyType, string? ExampleBody)
{
    public string Name => $"{Method} {Route.RawText}";

    public bool TakesBody => BodyType is not null || Method is "POST" or "PUT" or "PATCH";

    /// <summary>The body's field paths: from the example (nested ones as "location.lat") and the body type's properties.</summary>
    public IReadOnlyList<string> BodyFields { get; } = FieldsOf(BodyType, ExampleBody);

    public override string ToString() => Name;

    public static IReadOnlyList<ApiEndpoint> All(EndpointDataSource source, IReadOnlyDictionary<string, string> examples) =>
        [.. source.Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Endpoint: e, Method: m)))
            .Select(x => new ApiEndpoint(
                x.Method,
                x.Endpoint.RoutePattern,
                x.Endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType,
                examples.GetValueOrDefault($"{x.Method} {OpenApiPath(x.Endpoint.RoutePattern)}")))
            .OrderBy(e => e.Name, StringComparer.Ordinal)];

    /// <summary>The path with each route parameter replaced by the text given for it (already percent-encoded).</summary>
    public string PathWith(Func<RoutePatternParameterPart, string> valueOf)
    {
        var path = new System.Text.StringBuilder();
        foreach (var segment in Route.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart parameter => valueOf(parameter),
                    _ => "",
                });
            }
        }
        return path.Length == 0 ? "/" : path.ToString();
    }

    // The OpenAPI document writes "/api/reports/" of a group's root without its trailing slash.
    private static string OpenApiPath(RoutePattern route)
    {
        string text = "/" + (route.RawText ?? "").Trim('/');
        return text.Replace("{**", "{", StringComparison.Ordinal);
    }

    private static List<string> FieldsOf(Type? bodyType, string? example)
    {
        var fields = example is null ? [] : JsonMutation.FieldsOf(example);
        var elementType = bodyType?.IsArray == true ? bodyType.GetElementType() : bodyType;
        foreach (var property in elementType?.GetProperties() ?? [])
        {
            string name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (!fields.Contains(name)) fields.Add(name);
        }
        return fields;
    }
}
