using System.Text.Json;

namespace SmartCity.Grains;

/// <summary>Checks a parsed JSON document for text that .NET cannot read as a string.</summary>
public static class UnicodeJson
{
    /// <summary>
    /// The path of the first string or member name that is not Unicode text (invalid UTF-8 bytes, or a
    /// lone surrogate escape such as "\uD800"), or null when all are. JsonDocument parses such text and
    /// only throws InvalidOperationException when it is read, which would surface as a 500.
    /// </summary>
    public static string? FirstInvalidText(JsonElement element, string path = "body")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsText(element) ? null : path;
            case JsonValueKind.Array:
                int index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstInvalidText(item, $"{path}[{index++}]") is { } invalid) return invalid;
                }
                return null;
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = member.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return path;
                    }
                    if (FirstInvalidText(member.Value, $"{path}.{name}") is { } invalid) return invalid;
                }
                return null;
            default:
                return null;
        }
    }

    private static bool IsText(JsonElement text)
    {
        try
        {
            _ = text.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
