using System.Collections.Frozen;
using System.Text.Json;
using SmartCity.Grains.Geo;

namespace SmartCity.Grains.City;

/// <summary>
/// Reads the members of one GeoJSON Feature, recording a <see cref="CityFileError"/> for each one
/// that is missing or of the wrong type and returning null for it, so every problem is reported.
/// </summary>
internal sealed class FeatureReader(JsonElement feature, JsonElement properties, string label, CityFileErrorList errors)
{
    private readonly int _errorsBefore = errors.Count;

    public string Label => label;

    /// <summary>Whether any member of this feature was found wanting.</summary>
    public bool HasErrors => errors.Count > _errorsBefore;

    public void Error(string field, string message) => errors.Add(label, field, message);

    public string? Text(string name) =>
        Property(name, JsonValueKind.String, "a string") is { } value ? value.GetString() : null;

    /// <summary>A string that may be null or left out, e.g. the supervisor of a district head.</summary>
    public string? OptionalText(string name)
    {
        if (!properties.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        Error($"properties.{name}", $"expected a string or null, found {Describe(value)}");
        return null;
    }

    public int? WholeNumber(string name)
    {
        if (Property(name, JsonValueKind.Number, "a whole number") is not { } value) return null;
        if (value.TryGetInt32(out int number)) return number;
        Error($"properties.{name}", $"expected a whole number, found {value.GetRawText()}");
        return null;
    }

    /// <summary>One of a fixed set of names, e.g. a facilityKind or an official's role.</summary>
    public TChoice? Choice<TChoice>(string name, FrozenDictionary<string, TChoice> choices) where TChoice : struct
    {
        if (Text(name) is not { } text) return null;
        if (choices.TryGetValue(text, out var choice)) return choice;
        Error($"properties.{name}", $"unknown value \"{text}\"; expected one of {string.Join(", ", choices.Keys.Order(StringComparer.Ordinal))}");
        return null;
    }

    public bool? Flag(string name)
    {
        if (!properties.TryGetProperty(name, out var value))
        {
            Error($"properties.{name}", "is required (true or false)");
            return null;
        }
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        Error($"properties.{name}", $"expected true or false, found {Describe(value)}");
        return null;
    }

    /// <summary>For districts and officials, which have no place of their own.</summary>
    public void NoGeometry(string kind)
    {
        if (feature.TryGetProperty("geometry", out var geometry) && geometry.ValueKind != JsonValueKind.Null)
        {
            Error("geometry", $"must be null for a {kind}, which has no location of its own");
        }
    }

    public GeoPoint? Point()
    {
        if (Geometry("Point") is not { } coordinates) return null;
        return Position(coordinates, "geometry.coordinates");
    }

    /// <summary>The outer ring of a Polygon; holes, if any, are ignored (a grid cell has none).</summary>
    public GeoPolygon? Polygon()
    {
        if (Geometry("Polygon") is not { } coordinates) return null;
        if (coordinates.ValueKind != JsonValueKind.Array || coordinates.GetArrayLength() == 0
            || coordinates[0].ValueKind != JsonValueKind.Array)
        {
            Error("geometry.coordinates", "expected an array of rings, each an array of [longitude, latitude]");
            return null;
        }
        var corners = new List<GeoPoint>();
        int index = 0;
        foreach (var position in coordinates[0].EnumerateArray())
        {
            if (Position(position, $"geometry.coordinates[0][{index++}]") is { } corner) corners.Add(corner);
        }
        if (corners.Count != index) return null;
        if (corners.Count >= 2 && corners[0] == corners[^1]) corners.RemoveAt(corners.Count - 1);
        if (corners.Count < 3)
        {
            Error("geometry.coordinates", $"a polygon needs at least three corners, found {corners.Count}");
            return null;
        }
        return new GeoPolygon(corners);
    }

    /// <summary>Whether the element is this string; JsonElement.ValueEquals throws on anything that is not a string.</summary>
    public static bool IsText(JsonElement element, string text) => element.ValueKind == JsonValueKind.String && element.ValueEquals(text);

    private JsonElement? Property(string name, JsonValueKind kind, string expected)
    {
        if (!properties.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            Error($"properties.{name}", $"is required ({expected})");
            return null;
        }
        if (value.ValueKind == kind) return value;
        Error($"properties.{name}", $"expected {expected}, found {Describe(value)}");
        return null;
    }

    private JsonElement? Geometry(string type)
    {
        if (!feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind == JsonValueKind.Null)
        {
            Error("geometry", $"is required (a {type})");
            return null;
        }
        if (geometry.ValueKind != JsonValueKind.Object
            || !geometry.TryGetProperty("type", out var actual) || !IsText(actual, type))
        {
            Error("geometry", $"expected a {type} geometry");
            return null;
        }
        if (geometry.TryGetProperty("coordinates", out var coordinates)) return coordinates;
        Error("geometry.coordinates", "is required");
        return null;
    }

    // RFC 7946 §3.1.1: [longitude, latitude], optionally followed by an altitude we do not use.
    private GeoPoint? Position(JsonElement position, string field)
    {
        if (position.ValueKind == JsonValueKind.Array && position.GetArrayLength() >= 2
            && position[0].ValueKind == JsonValueKind.Number && position[1].ValueKind == JsonValueKind.Number
            && position[0].TryGetDouble(out double lon) && position[1].TryGetDouble(out double lat))
        {
            return new GeoPoint(lat, lon);
        }
        Error(field, $"expected [longitude, latitude], found {Describe(position)}");
        return null;
    }

    internal static string Describe(JsonElement value)
    {
        string text = value.GetRawText();
        return text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 37), "...");
    }
}
