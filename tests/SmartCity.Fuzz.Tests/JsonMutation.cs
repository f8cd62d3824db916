using System.Text;
using System.Text.Json;
using CsCheck;

namespace SmartCity.Fuzz.Tests;

/// <summary>
/// Hostile variants of a valid JSON document: one field set to a hostile value, duplicated or removed, an
/// unknown field added, or the text cut, padded, or spliced with bytes that are not UTF-8. Starting from a
/// valid document lets most cases get past the first parse and reach the checks behind it.
/// </summary>
public static class JsonMutation
{
    /// <summary>Variants of <paramref name="template"/>; <paramref name="fields"/> are dotted paths ("location.lat"), the same in every array item.</summary>
    public static Gen<byte[]> Of(string template, IReadOnlyList<string> fields, Gen<string>? extraValues = null)
    {
        var field = Gen.OneOf([.. fields.Count > 0 ? fields : ["value"]]);
        var value = extraValues is null ? HostileInput.ValueToken : Gen.OneOf(HostileInput.ValueToken, extraValues);
        var edited = Gen.OneOf(
            Gen.Select(field, value).Select(f => Edit(template, new JsonEdit(f.Item1, f.Item2, Duplicate: false))),
            Gen.Select(field, HostileInput.CoordinateToken).Select(f => Edit(template, new JsonEdit(f.Item1, f.Item2, Duplicate: false))),
            Gen.Select(field, value).Select(f => Edit(template, new JsonEdit(f.Item1, f.Item2, Duplicate: true))),
            field.Select(f => Edit(template, new JsonEdit(f, null, Duplicate: false))),
            Gen.Select(HostileInput.Text, value).Select(f => Edit(template, new JsonEdit(f.Item1, f.Item2, Duplicate: false))),
            HostileInput.ValueToken);
        var broken = Gen.OneOf(
            Gen.Int[0, Math.Max(0, template.Length - 1)].Select(cut => template[..cut]),
            Gen.OneOf(template + "}", template + " garbage", "\uFEFF" + template, template + template, "", " ", "\0", "{\"a\"}", "[", "]"));
        var templateBytes = Encoding.UTF8.GetBytes(template);
        return Gen.Frequency(
            (6, edited.Select(Encoding.UTF8.GetBytes)),
            (2, broken.Select(Encoding.UTF8.GetBytes)),
            (1, Gen.Byte.Array[0, 64]),
            (1, Gen.Select(Gen.Int[0, templateBytes.Length], Gen.OneOf<byte[]>([0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x00]))
                .Select(t => (byte[])[.. templateBytes[..t.Item1], .. t.Item2, .. templateBytes[t.Item1..]])));
    }

    /// <summary>Every member path in a document, nested ones dotted; array items share their paths.</summary>
    public static List<string> FieldsOf(string json)
    {
        var fields = new List<string>();
        using var document = JsonDocument.Parse(json);
        AddFields(document.RootElement, "", fields);
        return fields;
    }

    private static void AddFields(JsonElement element, string prefix, List<string> fields)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray()) AddFields(item, prefix, fields);
            return;
        }
        if (element.ValueKind != JsonValueKind.Object) return;
        foreach (var property in element.EnumerateObject())
        {
            string path = prefix + property.Name;
            if (!fields.Contains(path)) fields.Add(path);
            AddFields(property.Value, path + ".", fields);
        }
    }

    /// <summary>One edit at a field path: set it to a raw JSON token, add a second copy of it, or (Value null) remove it.</summary>
    private sealed record JsonEdit(string Field, string? Value, bool Duplicate);

    private static string Edit(string template, JsonEdit edit)
    {
        using var document = JsonDocument.Parse(template);
        return Render(document.RootElement, "", edit);
    }

    // Written by hand, not by a JSON writer: the point is text a writer would refuse (NaN, duplicate keys, lone surrogates).
    private static string Render(JsonElement element, string prefix, JsonEdit edit)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                return "[" + string.Join(',', element.EnumerateArray().Select(e => Render(e, prefix, edit))) + "]";
            case JsonValueKind.Object:
                var members = new List<string>();
                bool found = false;
                foreach (var property in element.EnumerateObject())
                {
                    string path = prefix + property.Name;
                    string name = HostileInput.JsonString(property.Name);
                    if (path != edit.Field)
                    {
                        members.Add($"{name}:{Render(property.Value, path + ".", edit)}");
                        continue;
                    }
                    found = true;
                    if (edit.Duplicate) members.Add($"{name}:{property.Value.GetRawText()}");
                    if (edit.Value is not null) members.Add($"{name}:{edit.Value}");
                }
                bool belongsHere = edit.Field.StartsWith(prefix, StringComparison.Ordinal) && !edit.Field[prefix.Length..].Contains('.', StringComparison.Ordinal);
                if (!found && belongsHere && edit.Value is not null) members.Add($"{HostileInput.JsonString(edit.Field[prefix.Length..])}:{edit.Value}");
                return "{" + string.Join(',', members) + "}";
            default:
                return element.GetRawText();
        }
    }
}
