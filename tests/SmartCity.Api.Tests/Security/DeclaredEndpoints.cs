using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using SmartCity.Api.Security;
using SmartCity.Silo.Hosting;
using SmartCity.TestSupport;

namespace SmartCity.Api.Tests.Security;

/// <summary>One route and method the twin serves, with the roles it declares (none: public).</summary>
public sealed record DeclaredEndpoint(string Method, string Route, IReadOnlyList<string>? Roles, bool OwnRefusalFormat)
{
    public bool IsPublic => Roles is null;

    /// <summary>A path that reaches this endpoint: every route parameter filled with a harmless value.</summary>
    public string SamplePath => "/" + string.Join('/', RoutePatternFactory.Parse(Route).PathSegments.Select(segment =>
        string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart { Name: "format" } => "json",
            RoutePatternParameterPart => "x",
            _ => "",
        }))));

    public override string ToString() => $"{Method} {Route}";
}

/// <summary>
/// Every endpoint of the twin as SmartCityHost builds it (built, never started), read from the
/// endpoint metadata: the source of the generated denial tests and of the table in docs/security.md.
/// </summary>
public static class DeclaredEndpoints
{
    private static readonly Lazy<IReadOnlyList<DeclaredEndpoint>> Endpoints = new(Read);

    public static IReadOnlyList<DeclaredEndpoint> All => Endpoints.Value;

    /// <summary>The roles a test can hold without being allowed everything (admin is).</summary>
    public static IEnumerable<string> RolesBelowAdmin => Roles.All.Where(role => role != Roles.Admin);

    private static IReadOnlyList<DeclaredEndpoint> Read()
    {
        var app = SmartCityHost.Build(["--Storage:Provider=Memory", "--Mqtt:Enabled=false", TestCredentials.SigningKeyArgument]);
        try
        {
            return [.. ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
                .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                    .Where(method => method != HttpMethods.Head)
                    .Select(method => new DeclaredEndpoint(
                        method, "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/'),
                        EndpointAccess.AllowedRoles(endpoint), endpoint.Metadata.GetMetadata<RefusalWriter>() is not null)))
                .DistinctBy(e => (e.Method, e.Route))
                .OrderBy(e => e.Route, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)];
        }
        finally
        {
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>The Markdown table of docs/security.md, generated from <see cref="All"/>.</summary>
    public static string Table()
    {
        var table = new StringBuilder();
        table.AppendLine("| method | route | who may call | denials proven by |");
        table.AppendLine("| --- | --- | --- | --- |");
        foreach (var e in All)
        {
            string who = e.IsPublic ? "anyone (public)" : string.Join(", ", e.Roles!);
            string proof = e.IsPublic
                ? "-"
                : $"`{nameof(EndpointAccessTests.A_caller_without_a_credential_is_refused)}`; "
                  + $"`{nameof(EndpointAccessTests.A_role_the_endpoint_does_not_allow_gets_403)}` for "
                  + string.Join(", ", RolesBelowAdmin.Where(r => !e.Roles!.Contains(r)));
            table.AppendLine(CultureInfo.InvariantCulture, $"| {e.Method} | `{e.Route}` | {who} | {proof} |");
        }
        return table.ToString();
    }
}
