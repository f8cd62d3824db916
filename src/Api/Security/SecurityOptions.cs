namespace SmartCity.Api.Security;

/// <summary>The "Security" settings: where tokens and keys are signed and checked.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// The signing key, base64, at least 32 bytes. When empty the twin uses the key in
    /// <see cref="SigningKeyPath"/>, creating it on first start, so the embedded default needs no setup.
    /// A cluster must give every silo the same key (from a secret).
    /// </summary>
    public string SigningKey { get; set; } = "";

    public string SigningKeyPath { get; set; } = "data/signing-key";

    /// <summary>Written into every token and key, and required of them.</summary>
    public string Issuer { get; set; } = "smartcity";

    /// <summary>Ids (jti) of keys and tokens withdrawn before their time.</summary>
    public List<string> RevokedIds { get; set; } = [];

    /// <summary>How long a guest citizen's token from POST /api/auth/citizens lasts.</summary>
    public TimeSpan CitizenTokenLifetime { get; set; } = TimeSpan.FromDays(90);
}
