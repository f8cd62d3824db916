using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace SmartCity.Api.WebConsole;

/// <summary>
/// The console's files (src/WebConsole/app and Leaflet's dist files), embedded in this assembly at build
/// time and served from memory: the twin needs no folder beside it, and every asset comes from the twin itself.
/// </summary>
public sealed class WebConsoleFiles
{
    /// <summary>Logical-name prefix of the embedded files (SmartCity.Api.csproj).</summary>
    private const string ResourcePrefix = "webconsole/";

    private readonly FrozenDictionary<string, ConsoleFile> _files;
    private readonly string _contentSecurityPolicy;

    public WebConsoleFiles(IOptions<WebConsoleOptions> options)
    {
        var assembly = typeof(WebConsoleFiles).Assembly;
        var types = new FileExtensionContentTypeProvider();
        _files = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .ToFrozenDictionary(name => name[ResourcePrefix.Length..].Replace('\\', '/'), name => Load(assembly, name, types), StringComparer.Ordinal);
        // The page may talk to the twin only; images may also come from the configured tile server.
        string images = options.Value.TileOrigin is { } tiles ? $"'self' data: {tiles}" : "'self' data:";
        _contentSecurityPolicy =
            $"default-src 'self'; img-src {images}; style-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    }

    public IReadOnlyCollection<string> Paths => _files.Keys;

    /// <summary>Answers with the file, 304 when the browser's copy is current, or 404.</summary>
    public IResult Serve(string path, HttpContext http)
    {
        if (!_files.TryGetValue(path, out var file)) return Results.NotFound();
        var headers = http.Response.Headers;
        // Revalidate every time: a rebuilt twin serves new files under the same names.
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        if (file.ContentType.StartsWith("text/html", StringComparison.Ordinal))
        {
            headers.ContentSecurityPolicy = _contentSecurityPolicy;
            headers["Referrer-Policy"] = "no-referrer";
        }
        var etag = new EntityTagHeaderValue(file.ETag);
        if (http.Request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Compare(etag, useStrongComparison: false)))
        {
            headers.ETag = file.ETag;
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return Results.Bytes(file.Content, file.ContentType, entityTag: etag);
    }

    private static ConsoleFile Load(Assembly assembly, string name, FileExtensionContentTypeProvider types)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        byte[] content = copy.ToArray();
        string type = types.TryGetContentType(name, out var known) ? known : "application/octet-stream";
        if (type.StartsWith("text/", StringComparison.Ordinal) || type is "application/javascript" or "text/javascript" or "application/json")
        {
            type += "; charset=utf-8";
        }
        string etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12)) + "\"";
        return new ConsoleFile(content, type, etag);
    }

    private sealed record ConsoleFile(byte[] Content, string ContentType, string ETag);
}
