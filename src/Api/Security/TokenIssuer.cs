using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SmartCity.Api.Security;

/// <summary>What a token or key says about its holder.</summary>
/// <param name="Subject">Who: a citizen id, an official id ("official:..."), a gateway's or service's name.</param>
/// <param name="Entities">For a sensor key: the entity ids it may send readings for; "bay:*" means every bay.</param>
/// <param name="Lifetime">How long it is valid; null for an API key, which lasts until revoked.</param>
public sealed record Credential(string Subject, IReadOnlyList<string> Roles, IReadOnlyList<string> Entities, TimeSpan? Lifetime);

/// <summary>
/// Makes and checks this twin's tokens and API keys. Both are JWTs (RFC 7519) signed with HS256 under
/// the twin's key: a token for a person expires, a key for a sensor or service does not but can be
/// revoked by its id. The admin command (`dotnet run --project src/Silo -- token ...`) and the tests
/// issue them through here.
/// </summary>
public sealed class TokenIssuer
{
    public const string RoleClaim = "role";
    public const string EntitiesClaim = "entities";
    private const string Audience = "smartcity";

    private readonly SymmetricSecurityKey _key;
    private readonly string _issuer;
    private readonly HashSet<string> _revoked;
    private readonly TimeProvider _time;
    // No default expiry: an API key has none, a token gets the one its credential says.
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false, SetDefaultTimesOnTokenCreation = false };

    // A sensor gateway sends the same key with every batch: checking its signature once and keeping the
    // holder until it expires saves the HMAC and the parsing on every request. Bounded: when full it is
    // emptied and refills with the keys in use.
    private const int RememberedAtMost = 10_000;
    private readonly ConcurrentDictionary<string, (ClaimsPrincipal Holder, DateTime? Expires)> _checked = new(StringComparer.Ordinal);

    public TokenIssuer(SymmetricSecurityKey key, SecurityOptions options, TimeProvider time)
    {
        _key = key;
        _issuer = options.Issuer;
        _revoked = [.. options.RevokedIds];
        _time = time;
    }

    public string Issue(Credential credential)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = credential.Subject,
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            [RoleClaim] = credential.Roles.ToArray(),
        };
        if (credential.Entities.Count > 0) claims[EntitiesClaim] = credential.Entities.ToArray();
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _issuer,
            Audience = Audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = credential.Lifetime is { } lifetime ? now + lifetime : null,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The holder, or null with the reason when the token is not ours, altered, expired or revoked.</summary>
    public async Task<(ClaimsPrincipal? Holder, string? Failure)> CheckAsync(string token)
    {
        if (_checked.TryGetValue(token, out var known))
        {
            if (known.Expires is null || known.Expires > _time.GetUtcNow().UtcDateTime) return (known.Holder, null);
            _checked.TryRemove(token, out _);
        }
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = _issuer,
            ValidAudience = Audience,
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            // API keys carry no expiry; tokens for people do, and it is checked.
            RequireExpirationTime = false,
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = _time.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore <= now + TimeSpan.FromMinutes(1)) && (expires is null || expires > now);
            },
            NameClaimType = JwtRegisteredClaimNames.Sub,
            RoleClaimType = RoleClaim,
        });
        if (!result.IsValid) return (null, "The credential is not valid here (wrong signature, issuer or time).");
        if (result.Claims.TryGetValue(JwtRegisteredClaimNames.Jti, out var id) && _revoked.Contains(id?.ToString() ?? ""))
            return (null, "The credential has been revoked.");
        var holder = new ClaimsPrincipal(result.ClaimsIdentity);
        if (_checked.Count >= RememberedAtMost) _checked.Clear();
        _checked[token] = (holder, result.SecurityToken.ValidTo == DateTime.MinValue ? null : result.SecurityToken.ValidTo);
        return (holder, null);
    }
}
