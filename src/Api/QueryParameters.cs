using System.Globalization;
using SmartCity.Grains.Geo;

namespace SmartCity.Api;

/// <summary>
/// Reads query-string parameters by hand so that every bad one is named in the problem details
/// (minimal-API binding would answer a bare 400).
/// </summary>
public sealed class QueryParameters(IQueryCollection query)
{
    public Dictionary<string, string[]> Errors { get; } = [];

    public bool HasErrors => Errors.Count > 0;

    public GeoPoint Point()
    {
        double lat = Number("lat", null, -90, 90);
        double lon = Number("lon", null, -180, 180);
        return new GeoPoint(lat, lon);
    }

    public double Number(string name, double? fallback, double min, double max)
    {
        string? text = query[name];
        if (string.IsNullOrEmpty(text))
        {
            if (fallback is { } value) return value;
            Errors[name] = [$"'{name}' is required."];
            return 0;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) || !double.IsFinite(number))
        {
            Errors[name] = [$"'{name}' must be a number; got '{Truncate(text)}'."];
            return 0;
        }
        if (number < min || number > max)
        {
            Errors[name] = [$"'{name}' must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}; got {number.ToString(CultureInfo.InvariantCulture)}."];
            return 0;
        }
        return number;
    }

    public int WholeNumber(string name, int fallback, int min, int max)
    {
        double number = Number(name, fallback, min, max);
        if (!Errors.ContainsKey(name) && number != Math.Floor(number)) Errors[name] = [$"'{name}' must be a whole number."];
        return (int)number;
    }

    public bool Flag(string name)
    {
        string? text = query[name];
        if (string.IsNullOrEmpty(text)) return false;
        if (bool.TryParse(text, out bool flag)) return flag;
        Errors[name] = [$"'{name}' must be true or false; got '{Truncate(text)}'."];
        return false;
    }

    public TEnum? Enum<TEnum>(string name) where TEnum : struct, Enum
    {
        string? text = query[name];
        if (string.IsNullOrEmpty(text)) return null;
        // One name exactly: Enum.TryParse would also take numbers and comma lists ("a,b" → a|b).
        string? match = System.Enum.GetNames<TEnum>().FirstOrDefault(n => n.Equals(text, StringComparison.OrdinalIgnoreCase));
        if (match is not null) return System.Enum.Parse<TEnum>(match);
        var allowed = string.Join(", ", System.Enum.GetNames<TEnum>().Select(JsonNames.CamelCase));
        Errors[name] = [$"'{name}' must be one of {allowed}; got '{Truncate(text)}'."];
        return null;
    }

    /// <summary>An optional parameter that must be one of a fixed set of words (exact match).</summary>
    public string? Choice(string name, IEnumerable<string> allowed)
    {
        string? text = query[name];
        if (string.IsNullOrEmpty(text)) return null;
        var options = allowed.ToArray();
        if (options.Contains(text, StringComparer.Ordinal)) return text;
        Errors[name] = [$"'{name}' must be one of {string.Join(", ", options)}; got '{Truncate(text)}'."];
        return null;
    }

    /// <summary>An optional id that must name something that exists, e.g. a district.</summary>
    public string? Known(string name, Func<string, bool> exists, string what)
    {
        string? text = query[name];
        if (string.IsNullOrEmpty(text)) return null;
        if (exists(text)) return text;
        Errors[name] = [$"'{Truncate(text)}' is not a {what} of the city."];
        return null;
    }

    /// <summary>An optional ISO 8601 instant with an offset, e.g. 2026-11-29T08:00:00Z.</summary>
    public DateTimeOffset? Instant(string name)
    {
        string? text = query[name];
        if (string.IsNullOrEmpty(text)) return null;
        // An unescaped '+' of an offset arrives as a space.
        if (text.Length > 10 && text[^6] == ' ') text = string.Concat(text.AsSpan(0, text.Length - 6), "+", text.AsSpan(text.Length - 5));
        // The offset is required: without one the server's own zone would silently decide the instant.
        bool hasOffset = text.Length > 10 && (text.EndsWith('Z') || text.EndsWith('z') || text[^6] is '+' or '-');
        if (hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)) return instant;
        Errors[name] = [$"'{name}' must be an ISO 8601 date and time such as 2026-11-29T08:00:00Z; got '{Truncate(text)}'."];
        return null;
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
