using Microsoft.AspNetCore.Authorization;

namespace SmartCity.Api.Security;

/// <summary>
/// Every endpoint says who may call it, with one of the two declarations below, next to its route.
/// The twin refuses to start when an endpoint declares neither (<see cref="Undeclared"/>), and the
/// tests generate a denial test for each role an endpoint leaves out.
/// </summary>
public static class EndpointAccess
{
    /// <summary>Anyone, signed in or not: public reads, the console's files, health.</summary>
    public static TBuilder Public<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AllowAnonymous();

    /// <summary>Callers holding one of these roles; admin always may.</summary>
    public static TBuilder ForRoles<TBuilder>(this TBuilder builder, params string[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new AuthorizeAttribute { Roles = string.Join(',', roles.Append(Roles.Admin).Distinct()) });

    /// <summary>The roles an endpoint allows, or null when it is public.</summary>
    public static IReadOnlyList<string>? AllowedRoles(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null) return null;
        return [.. endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .SelectMany(data => (data.Roles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct()];
    }

    /// <summary>Endpoints that declare neither <see cref="Public{TBuilder}"/> nor <see cref="ForRoles{TBuilder}"/>.</summary>
    public static IReadOnlyList<string> Undeclared(IEnumerable<EndpointDataSource> sources) =>
        [.. sources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null && !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(d => !string.IsNullOrEmpty(d.Roles)))
            .Select(e => e.DisplayName ?? e.RoutePattern.RawText ?? "?")];
}
