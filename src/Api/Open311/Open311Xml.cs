using System.Text;
using System.Text.Json;
using System.Xml;

namespace SmartCity.Api.Open311;

/// <summary>
/// Writes an Open311 answer as the spec's XML. GeoReport v2 defines its JSON as the Spark-convention
/// mapping of the XML ("JSON Support"), so the XML is that mapping read backwards: an object's members
/// become child elements in order, a list becomes a container element with one element per entry
/// (services/service, service_requests/request, attributes/attribute, values/value, errors/error),
/// and null becomes an empty element, as &lt;account_id/&gt; in the spec's POST example.
/// </summary>
public static class Open311Xml
{
    /// <summary>Our extension member: "XML Support" asks for no foreign tags, so it exists in JSON only.</summary>
    public const string ExtensionsMember = "extended_attributes";

    // The element of each entry of a nested list, as the spec's examples name them.
    private static readonly Dictionary<string, string> EntryNames = new(StringComparer.Ordinal)
    {
        ["attributes"] = "attribute",
        ["values"] = "value",
    };

    private static readonly XmlWriterSettings Settings = new()
    {
        // "Encoding": UTF-8, with the XML declaration naming it; no byte order mark.
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
    };

    /// <param name="answer">The answer as its JSON, nulls included.</param>
    /// <param name="root">The root element: services, service_definition, service_requests or errors.</param>
    /// <param name="entry">The element of each entry when the answer is a list: service, request or error.</param>
    public static byte[] Write(JsonElement answer, string root, string entry)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, Settings))
        {
            // "XML Support": schemaless and without a namespace declaration.
            writer.WriteStartDocument();
            if (answer.ValueKind == JsonValueKind.Array) WriteList(writer, root, entry, answer);
            else WriteElement(writer, root, answer);
            writer.WriteEndDocument();
        }
        return buffer.ToArray();
    }

    private static void WriteList(XmlWriter writer, string name, string entry, JsonElement list)
    {
        writer.WriteStartElement(name);
        foreach (var item in list.EnumerateArray()) WriteElement(writer, entry, item);
        writer.WriteEndElement();
    }

    private static void WriteElement(XmlWriter writer, string name, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartElement(name);
                foreach (var member in value.EnumerateObject())
                {
                    if (member.Name != ExtensionsMember) WriteElement(writer, member.Name, member.Value);
                }
                writer.WriteEndElement();
                break;
            case JsonValueKind.Array:
                string entry = EntryNames.GetValueOrDefault(name)
                    ?? throw new InvalidOperationException($"The list '{name}' has no element name for its entries.");
                WriteList(writer, name, entry, value);
                break;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                writer.WriteElementString(name, "");
                break;
            case JsonValueKind.String:
                writer.WriteElementString(name, XmlText(value.GetString()!));
                break;
            default:
                // Numbers and booleans read the same in both formats: 30.2741, true.
                writer.WriteElementString(name, value.GetRawText());
                break;
        }
    }

    /// <summary>
    /// Citizens' text may hold characters XML 1.0 cannot carry (control characters, lone surrogates);
    /// one such report must not break the list for every client, so they become U+FFFD.
    /// </summary>
    private static string XmlText(string text)
    {
        StringBuilder? safe = null;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c))
            {
                safe?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (XmlConvert.IsXmlChar(c))
            {
                safe?.Append(c);
                continue;
            }
            safe ??= new StringBuilder(text.Length).Append(text, 0, i);
            safe.Append('\uFFFD');
        }
        return safe?.ToString() ?? text;
    }
}
