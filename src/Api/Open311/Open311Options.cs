namespace SmartCity.Api.Open311;

/// <summary>Settings of the Open311 API (configuration section "Open311").</summary>
public sealed class Open311Options
{
    public const string Section = "Open311";

    /// <summary>
    /// The key a client must send as api_key to POST a request; unset, anyone may post. GeoReport v2
    /// requires a key for POST only, and answers a wrong or missing one with 403.
    /// </summary>
    public string? ApiKey { get; set; }
}
