using Microsoft.Extensions.Options;

namespace SmartCity.Api.Security;

/// <summary>POST /api/auth/citizens: a citizen's app gets its own anonymous identity.</summary>
public static class SecurityEndpoints
{
    public static IEndpointRouteBuilder MapSecurityApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/citizens", RegisterCitizen).WithTags("Security").Public()
            .WithSummary("A new anonymous citizen: an id and a token to file, follow and rate reports with")
            .Produces<CitizenRegistration>(StatusCodes.Status201Created);
        return app;
    }

    /// <summary>
    /// Like a first start of the city's app: no name, no phone, just an id the citizen's reports are
    /// filed under, so they can follow them and nobody else can rate or reopen them.
    /// </summary>
    public static IResult RegisterCitizen(TokenIssuer issuer, IOptions<SecurityOptions> options)
    {
        string citizenId = "citizen:" + Guid.NewGuid().ToString("N");
        var lifetime = options.Value.CitizenTokenLifetime;
        string token = issuer.Issue(new Credential(citizenId, [Roles.Citizen], [], lifetime));
        return Results.Created((string?)null, new CitizenRegistration(citizenId, token, lifetime));
    }
}

public sealed record CitizenRegistration(string CitizenId, string Token, TimeSpan Lifetime);
