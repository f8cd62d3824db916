using System.Globalization;
using System.Text;
using CsCheck;

namespace SmartCity.Fuzz.Tests;

/// <summary>
/// Text and JSON that real clients should never send but attackers and broken gateways do: numbers at
/// and past the edges of double and long, NaN and infinities, coordinates off the globe, unicode that
/// hides or reverses text or is not valid at all, NUL, very long strings and very deep nesting.
/// </summary>
public static class HostileInput
{
    /// <summary>Strings as .NET holds them (lone surrogates included); encode with <see cref="JsonString"/> or <see cref="UrlEncode"/>.</summary>
    public static readonly Gen<string> Text = Gen.OneOf(
        Gen.OneOf(
            "", " ", "\0", "a\0b", "\uD800", "\uDFFF", "x\uD800y", "\uDC00\uD800",
            "\u202Eevil\u202C", "\u200B", "\u200D\u200D", "\uFEFF", "\u0301\u0301\u0301", "\uFFFE", "\uFFFF",
            "😀", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "杭州西湖", "\r\n", "\t", "../../../etc/passwd", "..\\..\\windows", "%00", "%2e%2e%2f",
            "<script>alert(1)</script>", "'; DROP TABLE reports; --", "${jndi:ldap://x}", "{{7*7}}",
            "NaN", "Infinity", "-0", "1e308", "null", "true", "[]", "{}",
            "district:XH", "grid:XH-0001", "bay:XH-0001-07", "official:XH-G024", "department:transport", "citizen-1",
            "2026-11-25T10:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00+14:00", "2026-02-30T00:00:00Z"),
        Gen.Int[1, 3].Select(n => new string('x', n switch { 1 => 300, 2 => 5_000, _ => 70_000 })),
        Gen.Char.Array[0, 40].Select(chars => new string(chars)),
        Gen.String);

    /// <summary>Numbers as JSON tokens, valid and not: RFC 8259 has no NaN or Infinity, which is the point.</summary>
    public static readonly Gen<string> NumberToken = Gen.OneOf(
        Gen.OneOf(
            "0", "-0", "1", "-1", "0.5", "1e308", "-1e308", "1.7976931348623157e308", "1e309", "-1e309", "4.9e-324", "1e-400",
            "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
            "123456789012345678901234567890123456789", "NaN", "-NaN", "Infinity", "-Infinity", "+1", "01", ".5", "5.", "1e",
            "0x10", "1_000", "\"NaN\"", "\"Infinity\"", "\"1e308\"", "\"-0\"", "\"12\""),
        Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.Long.Select(l => l.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Latitudes and longitudes off the globe or at its edges, as JSON tokens.</summary>
    public static readonly Gen<string> CoordinateToken = Gen.OneOf(
        Gen.OneOf("90", "-90", "90.0000001", "-90.0000001", "91", "-91", "180", "-180", "180.5", "-181", "360", "1e308", "-1e308", "5e-324"),
        NumberToken);

    /// <summary>Any JSON value, as text; some are not valid JSON at all.</summary>
    public static readonly Gen<string> ValueToken = Gen.OneOf(
        NumberToken,
        Text.Select(JsonString),
        Gen.OneOf("true", "false", "null", "[]", "{}", "[null]", "{\"\":null}", "\"\\uD800\"", "\"\\uDFFF\\uD800\"", "\"\\u0000\"",
            "\"\\u202E\"", "'single'", "undefined", "tru", "\"unterminated", "[1,]", "{\"a\":1,}", "/* comment */ 1"),
        Gen.Int[1, 3].Select(n => Nested(n switch { 1 => 9, 2 => 64, _ => 5_000 })),
        Gen.Select(CoordinateToken, CoordinateToken).Select(p => $"{{\"lat\":{p.Item1},\"lon\":{p.Item2}}}"));

    /// <summary>Query-string and route text, percent-encoded; some escapes decode to invalid UTF-8 on purpose.</summary>
    public static readonly Gen<string> UrlText = Gen.OneOf(
        Text.Select(UrlEncode),
        NumberToken.Select(UrlEncode),
        CoordinateToken.Select(UrlEncode),
        Gen.OneOf("%00", "%C0%80", "%FF", "%ED%A0%80", "%E2%80%AE", "%F0%9F%98", "%", "%zz", "%252e%252e", "..%2F..%2F", "a%2Fb", "%0D%0AX-Injected:%201"));

    /// <summary>Arrays or objects nested this deep: parsers with no depth limit overflow the stack.</summary>
    public static string Nested(int depth) =>
        depth % 2 == 0
            ? string.Concat(Enumerable.Repeat("[", depth)) + string.Concat(Enumerable.Repeat("]", depth))
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + string.Concat(Enumerable.Repeat("}", depth));

    /// <summary>A JSON string literal that keeps every UTF-16 unit, lone surrogates and NUL included, as a \u escape.</summary>
    public static string JsonString(string text)
    {
        var json = new StringBuilder(text.Length + 2).Append('"');
        foreach (char c in text)
        {
            if (c is '"' or '\\') json.Append('\\').Append(c);
            else if (c < 0x20 || c > 0x7E) json.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else json.Append(c);
        }
        return json.Append('"').ToString();
    }

    /// <summary>
    /// Percent-encodes every UTF-16 unit; a lone surrogate becomes its three-byte form (invalid UTF-8),
    /// which is what a hostile client can put on the wire.
    /// </summary>
    public static string UrlEncode(string text)
    {
        var url = new StringBuilder(text.Length * 3);
        foreach (char c in text)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or ':') url.Append(c);
            else if (char.IsSurrogate(c)) AppendBytes(url, [(byte)(0xE0 | (c >> 12)), (byte)(0x80 | ((c >> 6) & 0x3F)), (byte)(0x80 | (c & 0x3F))]);
            else AppendBytes(url, Encoding.UTF8.GetBytes(c.ToString()));
        }
        return url.ToString();
    }

    private static void AppendBytes(StringBuilder url, byte[] bytes)
    {
        foreach (byte b in bytes) url.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
    }
}
