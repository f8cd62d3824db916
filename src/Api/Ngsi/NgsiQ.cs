using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmartCity.Api.Ngsi;

/// <summary>
/// The subset of the NGSI-LD Query Language (ETSI GS CIM 009 V1.8.1 clause 4.9) this view takes:
/// comparisons of top-level attributes joined by ';' (and), e.g. q=status=="free" or
/// q=availableSpotNumber>10;occupancy&lt;0.9. Operators ==, !=, &gt;, &gt;=, &lt;, &lt;=; values are
/// quoted strings, numbers, true or false. An array attribute (category) matches == when any item does.
/// Or ('|'), parentheses, ranges, lists and attribute paths are refused with a message saying so.
/// </summary>
public sealed class NgsiQ
{
    private static readonly string[] Operators = ["==", "!=", ">=", "<=", ">", "<"];

    private readonly IReadOnlyList<(string Attribute, string Operator, JsonNode Value)> _terms;

    private NgsiQ(IReadOnlyList<(string, string, JsonNode)> terms) => _terms = terms;

    public static NgsiQ? Parse(string text, out string? error)
    {
        error = null;
        if (text.IndexOfAny(['|', '(', ')']) >= 0)
        {
            error = $"'q' here takes comparisons joined by ';' only, without '|' or parentheses; got '{NgsiLdQuery.Clip(text)}'.";
            return null;
        }
        var terms = new List<(string, string, JsonNode)>();
        foreach (var term in text.Split(';'))
        {
            if (ParseTerm(term) is { } parsed) terms.Add(parsed);
            else
            {
                error = $"'q' term '{NgsiLdQuery.Clip(term)}' is not attribute, operator (== != > >= < <=) and a value (\"text\", a number, true or false).";
                return null;
            }
        }
        return new NgsiQ(terms);
    }

    /// <summary>Whether the entity satisfies every term; an entity without the attribute does not.</summary>
    public bool Matches(NgsiEntity entity) =>
        _terms.All(t => entity.Attribute(t.Attribute) is { } attribute && Satisfies(attribute.Value, t.Operator, t.Value));

    private static (string, string, JsonNode)? ParseTerm(string term)
    {
        foreach (var op in Operators)
        {
            int at = term.IndexOf(op, StringComparison.Ordinal);
            if (at <= 0) continue;
            string attribute = term[..at];
            string valueText = term[(at + op.Length)..];
            if (!attribute.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')) return null;
            if (valueText.Contains("..", StringComparison.Ordinal) || (valueText.Contains(',', StringComparison.Ordinal) && !valueText.StartsWith('"'))) return null;
            JsonNode? value;
            try
            {
                value = JsonNode.Parse(valueText);
            }
            catch (JsonException)
            {
                return null;
            }
            return value is JsonValue ? (attribute, op, value) : null;
        }
        return null;
    }

    private static bool Satisfies(JsonNode actual, string op, JsonNode expected)
    {
        if (actual is JsonArray items)
        {
            bool any = items.Any(item => item is not null && Compare(item, expected) == 0);
            return op switch { "==" => any, "!=" => !any, _ => false };
        }
        int? order = Compare(actual, expected);
        return order is { } o && op switch
        {
            "==" => o == 0,
            "!=" => o != 0,
            ">" => o > 0,
            ">=" => o >= 0,
            "<" => o < 0,
            _ => o <= 0,
        };
    }

    /// <summary>Order of two plain values of the same JSON kind; null when they cannot be compared.</summary>
    private static int? Compare(JsonNode actual, JsonNode expected)
    {
        if (actual is not JsonValue a || expected is not JsonValue e) return null;
        if (a.GetValueKind() == JsonValueKind.Number && e.GetValueKind() == JsonValueKind.Number)
        {
            // Through the JSON text: a value built from an int refuses GetValue<double>.
            return double.Parse(a.ToJsonString(), CultureInfo.InvariantCulture).CompareTo(double.Parse(e.ToJsonString(), CultureInfo.InvariantCulture));
        }
        if (a.GetValueKind() == JsonValueKind.String && e.GetValueKind() == JsonValueKind.String)
        {
            return string.CompareOrdinal(a.GetValue<string>(), e.GetValue<string>());
        }
        if (a.GetValueKind() is JsonValueKind.True or JsonValueKind.False && e.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return a.GetValueKind() == e.GetValueKind() ? 0 : 1;
        }
        return a.ToJsonString() == e.ToJsonString() ? 0 : null;
    }

    public override string ToString() => string.Join(';', _terms.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Attribute}{t.Operator}{t.Value.ToJsonString()}")));
}
