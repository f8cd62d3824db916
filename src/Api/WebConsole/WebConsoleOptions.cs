namespace SmartCity.Api.WebConsole;

/// <summary>
/// Settings of the web console (section "WebConsole"). Without a tile URL the map draws only the city's
/// own shapes, and the console asks nothing of any host but the twin.
/// </summary>
public sealed class WebConsoleOptions
{
    public const string Section = "WebConsole";

    /// <summary>A base-map tile URL template such as "https://tiles.example.org/{z}/{x}/{y}.png"; none by default.</summary>
    public string? TileUrl { get; set; }

    /// <summary>The attribution the tile provider asks for, shown in the map's corner.</summary>
    public string? TileAttribution { get; set; }

    public int TileMaxZoom { get; set; } = 19;

    /// <summary>The origin (scheme, host, port) of the tile URL, which the page's content security policy lets images come from.</summary>
    public string? TileOrigin =>
        Uri.TryCreate(TileUrl?.Replace("{s}", "a", StringComparison.Ordinal), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri.GetLeftPart(UriPartial.Authority)
            : null;
}
