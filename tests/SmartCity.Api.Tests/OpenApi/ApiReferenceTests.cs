using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace SmartCity.Api.Tests.OpenApi;

/// <summary>The OpenAPI document describes every endpoint the twin maps, and the reference page shows it.</summary>
[Collection(SharedTwin.Name)]
public sealed class ApiReferenceTests(TwinFixture twin)
{
    /// <summary>Routes served by libraries for people and tools, not part of the API the document describes.</summary>
    private static readonly string[] NotApi = ["/openapi/", "/scalar", "/dashboard", "/metrics", "/health"];

    /// <summary>The POST bodies a client most needs an example of, by operation.</summary>
    public static TheoryData<string> OperationsWithExamples =>
    [
        "/api/readings", "/api/reports", "/api/reports/{id}/acknowledge", "/api/reports/{id}/notes", "/api/reports/{id}/resolve",
        "/api/reports/{id}/pass-on", "/api/reports/{id}/rating", "/api/reports/{id}/reopen", "/api/quiz/today/answers",
    ];

    [Fact]
    public async Task Document_lists_every_route_the_twin_maps()
    {
        var document = await DocumentAsync();

        var documented = Operations(document).Select(o => $"{o.Method} {o.Path}").ToHashSet(StringComparer.Ordinal);
        var mapped = MappedRoutes().Where(r => !NotApi.Any(prefix => r.Path.StartsWith(prefix, StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(mapped);
        Assert.All(mapped, route => Assert.True(documented.Contains($"{route.Method} {route.Path}"),
            $"{route.Method} {route.Path} is mapped but not in {OpenApiPath}: give it .WithSummary/.Produces (or ExcludeFromDescription if it is not API)."));
    }

    [Fact]
    public async Task Every_operation_has_a_summary_and_a_response()
    {
        var document = await DocumentAsync();

        Assert.All(Operations(document), operation =>
        {
            string name = $"{operation.Method} {operation.Path}";
            Assert.True(operation.Body.TryGetProperty("summary", out var summary) && !string.IsNullOrWhiteSpace(summary.GetString()), $"{name} has no summary.");
            Assert.True(operation.Body.TryGetProperty("responses", out var responses) && responses.EnumerateObject().Any(), $"{name} has no response.");
        });
    }

    [Theory]
    [MemberData(nameof(OperationsWithExamples))]
    public async Task Main_request_body_comes_with_an_example(string path)
    {
        var document = await DocumentAsync();

        var content = document.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("requestBody").GetProperty("content");
        var examples = content.GetProperty("application/json").GetProperty("examples").EnumerateObject().ToList();
        Assert.NotEmpty(examples);
        Assert.All(examples, e => Assert.NotEqual(JsonValueKind.Undefined, e.Value.GetProperty("value").ValueKind));
    }

    [Fact]
    public async Task Problem_answers_are_documented()
    {
        var document = await DocumentAsync();

        var bay = document.GetProperty("paths").GetProperty("/api/parking/bays/{id}").GetProperty("get").GetProperty("responses");
        Assert.True(bay.TryGetProperty("404", out var notFound));
        Assert.True(notFound.GetProperty("content").TryGetProperty("application/problem+json", out _));
        var readings = document.GetProperty("paths").GetProperty("/api/readings").GetProperty("post").GetProperty("responses");
        Assert.True(readings.TryGetProperty("400", out _));
    }

    [Fact]
    public async Task Reference_page_answers_with_html()
    {
        using var response = await twin.Http.GetAsync("/scalar");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var script = await twin.Http.GetAsync("/scalar/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    private const string OpenApiPath = "/openapi/v1.json";

    private async Task<JsonElement> DocumentAsync()
    {
        using var response = await twin.Http.GetAsync(OpenApiPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static IEnumerable<(string Method, string Path, JsonElement Body)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path =>
            path.Value.EnumerateObject()
                .Where(op => op.Name is "get" or "post" or "put" or "patch" or "delete")
                .Select(op => (op.Name.ToUpperInvariant(), path.Name, op.Value)));

    /// <summary>Every method and route pattern in the app's endpoint data source, written as OpenAPI writes paths.</summary>
    private IEnumerable<(string Method, string Path)> MappedRoutes()
    {
        var endpoints = twin.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        return endpoints
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(method => (method, OpenApiPathOf(e.RoutePattern.RawText ?? ""))))
            .Distinct();
    }

    private static string OpenApiPathOf(string pattern)
    {
        string path = "/" + pattern.Trim('/');
        // {id:int} and {**rest} are written {id} and {rest} in the document.
        return System.Text.RegularExpressions.Regex.Replace(path, @"\{\*{0,2}([^}:=?]+)[^}]*\}", "{$1}");
    }
}
