using System.Net.Http.Headers;
using SmartCity.Api.Security;

namespace SmartCity.TestSupport;

/// <summary>
/// The signing key every twin the tests start is given, and tokens signed with it. Linked into each
/// test project (and the benchmark) that talks to a twin over HTTP.
/// </summary>
public static class TestCredentials
{
    /// <summary>A fixed test key (32 bytes): never used outside tests.</summary>
    public const string SigningKey = "c21hcnRjaXR5LXRlc3RzLW9ubHktc2lnbmluZy1rZXk=";

    /// <summary>The setting to add to a twin's command line.</summary>
    public const string SigningKeyArgument = "--Security:SigningKey=" + SigningKey;

    private static readonly TokenIssuer Issuer = new(
        SmartCity.Api.Security.SigningKey.FromBase64(SigningKey, "the tests"), new SecurityOptions(), TimeProvider.System);

    /// <summary>A token for one person or service with the roles given; sensors may name their entities.</summary>
    public static string Token(string subject, string[] roles, params string[] entities) =>
        Issuer.Issue(new Credential(subject, roles, entities, TimeSpan.FromHours(6)));

    public static string Admin { get; } = Token("test-admin", [Roles.Admin]);

    /// <summary>Makes every request of this client carry the token.</summary>
    public static HttpClient SignedIn(this HttpClient http, string token)
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public static HttpClient AsAdmin(this HttpClient http) => http.SignedIn(Admin);
}
