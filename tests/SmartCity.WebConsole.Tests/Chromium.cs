namespace SmartCity.WebConsole.Tests;

/// <summary>Where the system's chromium is and how it must start here; no browser is ever downloaded.</summary>
public static class Chromium
{
    /// <summary>Debian's chromium; CHROMIUM_PATH names another build.</summary>
    public const string DefaultPath = "/usr/bin/chromium";

    /// <summary>
    /// No background networking, component updates, sync or QUIC: chromium would otherwise call
    /// Google's hosts at start, which a closed network refuses and the tests forbid. --no-sandbox
    /// because CI runs as root.
    /// </summary>
    public static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
        "--disable-features=Translate,OptimizationHints,MediaRouter,InterestFeedContentSuggestions",
    ];

    public static string ExecutablePath()
    {
        string path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : DefaultPath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The browser tests need chromium at {path}, and it is not there. Install Debian's package: " +
                "'apt-get install chromium' (and 'fonts-noto-cjk' for the Chinese text in screenshots), " +
                "or set CHROMIUM_PATH to a chromium binary. Playwright's own browser download is not used.");
        }
        return path;
    }
}
