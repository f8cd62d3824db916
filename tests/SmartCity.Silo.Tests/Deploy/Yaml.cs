using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SmartCity.Silo.Tests.Deploy;

/// <summary>
/// A read-only view of one YAML node that answers a missing key or index with a missing node, so a test
/// can walk a manifest in one expression. Merge keys (&lt;&lt;: *anchor, as compose files use them) are
/// resolved the way Docker Compose resolves them: the mapping's own keys win over merged ones.
/// </summary>
internal readonly partial record struct Yaml(YamlNode? Node)
{
    private const string MergeKey = "<<";

    public bool Exists => Node is not null;

    /// <summary>The scalar as an integer, or null when it is none.</summary>
    public int? Number => int.TryParse(Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int number) ? number : null;

    /// <summary>The scalar's text, or null for a missing node, a mapping or a sequence.</summary>
    public string? Text => Node is YamlScalarNode scalar ? scalar.Value : null;

    public Yaml this[string key] => Entries.FirstOrDefault(entry => entry.Key == key).Value;

    public Yaml this[int index] => Items.ElementAtOrDefault(index);

    /// <summary>The items of a sequence; nothing for anything else.</summary>
    public IEnumerable<Yaml> Items => Node is YamlSequenceNode sequence ? sequence.Children.Select(child => new Yaml(child)) : [];

    /// <summary>The entries of a mapping, merged ones included; nothing for anything else.</summary>
    public IReadOnlyList<KeyValuePair<string, Yaml>> Entries
    {
        get
        {
            if (Node is not YamlMappingNode mapping) return [];
            var entries = new List<KeyValuePair<string, Yaml>>();
            foreach (var (key, value) in mapping.Children)
            {
                string name = ((YamlScalarNode)key).Value ?? "";
                if (name != MergeKey) entries.Add(new(name, new Yaml(value)));
            }
            if (mapping.Children.TryGetValue(new YamlScalarNode(MergeKey), out var merged))
            {
                var sources = merged is YamlSequenceNode many ? many.Children.Select(child => new Yaml(child)) : [new Yaml(merged)];
                foreach (var inherited in sources.SelectMany(source => source.Entries))
                {
                    if (entries.TrueForAll(entry => entry.Key != inherited.Key)) entries.Add(inherited);
                }
            }
            return entries;
        }
    }

    public IEnumerable<string> Keys => Entries.Select(entry => entry.Key);

    /// <summary>The text items of a sequence of scalars.</summary>
    public IEnumerable<string> Texts => Items.Select(item => item.Text ?? "");

    /// <summary>
    /// A plain (unquoted) scalar that YAML reads as a boolean, a number or null. Kubernetes rejects such
    /// a value where it wants a string (ConfigMap data, env values), and Compose wants quoted booleans.
    /// </summary>
    public bool IsPlainNonString => Node is YamlScalarNode { Style: ScalarStyle.Plain } scalar && NonStringScalar().IsMatch(scalar.Value ?? "");

    /// <summary>Every document of a YAML file (Kubernetes files may hold several, split by ---).</summary>
    public static IReadOnlyList<Yaml> LoadAll(string path)
    {
        using var reader = new StreamReader(path);
        return LoadAll(reader);
    }

    /// <summary>Every document of YAML text.</summary>
    public static IReadOnlyList<Yaml> Parse(string text)
    {
        using var reader = new StringReader(text);
        return LoadAll(reader);
    }

    private static List<Yaml> LoadAll(TextReader reader)
    {
        var stream = new YamlStream();
        stream.Load(reader);
        return stream.Documents.Select(document => new Yaml(document.RootNode)).ToList();
    }

    /// <summary>The single document of a YAML file.</summary>
    public static Yaml Load(string path) => Assert.Single(LoadAll(path));

    public override string ToString() => Node?.ToString() ?? "(missing)";

    // YAML 1.1 and 1.2 core schema booleans, nulls, integers (also octal, hex) and floats.
    [GeneratedRegex(@"^(?i:y|n|yes|no|on|off|true|false|null|~|[-+]?(0|[1-9][0-9_]*|0o?[0-7]+|0x[0-9a-f]+)|[-+]?([0-9][0-9_]*)?\.[0-9]*([eE][-+]?[0-9]+)?|[-+]?\.(inf|nan))?$")]
    private static partial Regex NonStringScalar();
}
