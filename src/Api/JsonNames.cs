using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartCity.Api;

/// <summary>How the API writes names: camelCase properties, enum values and dictionary keys.</summary>
public static class JsonNames
{
    public static string CamelCase(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
    }
}
