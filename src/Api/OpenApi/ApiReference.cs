using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Scalar.AspNetCore;
using SmartCity.Api.Security;

namespace SmartCity.Api.OpenApi;

/// <summary>The OpenAPI document of every endpoint at /openapi/v1.json, and its interactive reference page at /scalar.</summary>
public static class ApiReference
{
    public const string DocumentPath = "/openapi/v1.json";

    public const string PagePath = "/scalar";

    public static IServiceCollection AddApiReference(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "SmartCity",
                    Version = "v1",
                    Description = "A live digital twin of a city: parking, facilities, grid cells, citizen reports, supervision, "
                        + "the daily quiz, Open311 GeoReport v2 and an NGSI-LD view. Errors are RFC 9457 problem details "
                        + "(Open311 answers in its own error format).",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(new RequestExamples());
            options.AddSchemaTransformer(Open311Names);
        });

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        // The one document by its own path: a {documentName} route answered other names with a text/plain 404, not problem details.
        app.MapOpenApi(DocumentPath).Public();
        app.MapScalarApiReference(PagePath, options => options.WithTitle("SmartCity API").WithOpenApiRoutePattern("/openapi/{documentName}.json")).Public();
        return app;
    }

    /// <summary>
    /// Open311 answers are written snake_case (Open311Answer.Json), not with the API's camelCase, so
    /// their schemas take the names the client really reads.
    /// </summary>
    private static Task Open311Names(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type.Namespace != typeof(Open311.Open311Answer).Namespace || schema.Properties is not { Count: > 0 } properties)
        {
            return Task.CompletedTask;
        }
        var renamed = properties.ToDictionary(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Key), p => p.Value, StringComparer.Ordinal);
        properties.Clear();
        foreach (var (name, property) in renamed) properties[name] = property;
        if (schema.Required is { Count: > 0 } required)
        {
            var names = required.Select(JsonNamingPolicy.SnakeCaseLower.ConvertName).ToList();
            required.Clear();
            foreach (var name in names) required.Add(name);
        }
        return Task.CompletedTask;
    }
}
