using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace SmartCity.Api.Security;

/// <summary>The HMAC-SHA256 key every token and API key of this twin is signed with.</summary>
public static class SigningKey
{
    // RFC 7518 §3.2: an HS256 key must be at least as long as the hash, 256 bits.
    public const int MinimumBytes = 32;

    /// <summary>
    /// The configured key, or the one in the key file, created with fresh random bytes when missing.
    /// The file is readable by its owner only.
    /// </summary>
    public static SymmetricSecurityKey Load(SecurityOptions options)
    {
        if (options.SigningKey.Length > 0) return FromBase64(options.SigningKey, "Security:SigningKey");
        string path = Path.GetFullPath(options.SigningKeyPath);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            string fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumBytes));
            try
            {
                var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows()) create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using var writer = new StreamWriter(path, create);
                writer.Write(fresh);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
            }
        }
        return FromBase64(File.ReadAllText(path).Trim(), path);
    }

    public static SymmetricSecurityKey FromBase64(string base64, string source)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The signing key in {source} is not base64.");
        }
        if (bytes.Length < MinimumBytes)
            throw new InvalidOperationException($"The signing key in {source} has {bytes.Length} bytes; it needs at least {MinimumBytes}.");
        return new SymmetricSecurityKey(bytes);
    }

    /// <summary>A new random key, base64: for a cluster's secret or a test.</summary>
    public static string NewBase64() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumBytes));
}
