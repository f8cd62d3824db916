using System.Security.Claims;

namespace SmartCity.Api.Security;

/// <summary>What an endpoint needs to know about who is calling.</summary>
public static class Caller
{
    /// <summary>The caller's id (the credential's subject), or null for an anonymous caller.</summary>
    public static string? Subject(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true ? user.Identity.Name : null;

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);

    /// <summary>
    /// Whether a sensor key may send readings for this entity: its "entities" claim lists ids, or
    /// prefixes ending in '*' ("bay:*", "facility:d03-*"). Other roles that may post readings
    /// (admin) may post them for any entity.
    /// </summary>
    public static bool MaySendReadingsFor(this ClaimsPrincipal user, string entityId)
    {
        if (user.IsAdmin()) return true;
        foreach (var claim in user.FindAll(TokenIssuer.EntitiesClaim))
        {
            string pattern = claim.Value;
            if (pattern.EndsWith('*') ? entityId.StartsWith(pattern[..^1], StringComparison.Ordinal) : entityId == pattern) return true;
        }
        return false;
    }

    /// <summary>
    /// Whom the caller acts for when a request names someone (actorId, citizenId): a citizen or an
    /// official acts as themselves only, and may leave the name out; admin, and the roles given, may
    /// name anyone (an operator taking a citizen's call files it under the citizen's id).
    /// </summary>
    /// <returns>The id to act under (null when nobody is named and the caller may name anyone), or why not.</returns>
    public static (string? Id, string? Refusal) ActingFor(this ClaimsPrincipal user, string? named, params string[] rolesThatMayNameAnyone)
    {
        if (user.IsAdmin() || rolesThatMayNameAnyone.Any(user.IsInRole)) return (named, null);
        string self = user.Subject() ?? "";
        return named is null || named == self ? (self, null) : (null, $"You may act as '{self}' only, not as '{named}'.");
    }
}
