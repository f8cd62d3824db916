using System.Text.Json;
using System.Text.RegularExpressions;

namespace SmartCity.Silo.Tests.Deploy;

/// <summary>deploy/Dockerfile as a list of instructions per build stage, and the .dockerignore of its context.</summary>
internal sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<(string Keyword, string Arguments)> instructions) => Instructions = instructions;

    public IReadOnlyList<(string Keyword, string Arguments)> Instructions { get; }

    public static Dockerfile Load()
    {
        var instructions = new List<(string, string)>();
        string pending = "";
        foreach (var raw in File.ReadAllLines(DeployFiles.PathOf("Dockerfile")))
        {
            string line = raw.Trim();
            if (line.StartsWith('#') || line.Length == 0) continue;
            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }
            line = pending + line;
            pending = "";
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            instructions.Add((line[..space].ToUpperInvariant(), line[(space + 1)..].Trim()));
        }
        return new Dockerfile(instructions);
    }

    /// <summary>The instructions of each stage, FROM first.</summary>
    public IReadOnlyList<IReadOnlyList<(string Keyword, string Arguments)>> Stages
    {
        get
        {
            var stages = new List<List<(string, string)>>();
            foreach (var instruction in Instructions)
            {
                if (instruction.Keyword == "FROM") stages.Add([]);
                if (stages.Count > 0) stages[^1].Add(instruction);
            }
            return stages;
        }
    }

    public static IEnumerable<string> Arguments(IEnumerable<(string Keyword, string Arguments)> stage, string keyword) =>
        stage.Where(instruction => instruction.Keyword == keyword).Select(instruction => instruction.Arguments);

    /// <summary>Sources of COPY instructions that read the build context (not --from another stage).</summary>
    public IEnumerable<string> ContextSources =>
        Arguments(Instructions, "COPY")
            .Where(arguments => !arguments.StartsWith("--from", StringComparison.Ordinal))
            .SelectMany(arguments => arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1]);

    /// <summary>An exec-form instruction's words (["dotnet", "x.dll"]).</summary>
    public static IReadOnlyList<string> ExecForm(string arguments) => JsonSerializer.Deserialize<string[]>(arguments) ?? [];
}

/// <summary>The build context's .dockerignore, matched closely enough to how Docker does (Go filepath.Match patterns, ** for any folders, ! to take back).</summary>
internal sealed class DockerIgnore(IReadOnlyList<(bool Exclude, Regex Pattern)> rules)
{
    public static DockerIgnore Load() =>
        new(File.ReadAllLines(Path.Combine(DeployFiles.Repository, ".dockerignore"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => (Exclude: !line.StartsWith('!'), Pattern: ToRegex(line.TrimStart('!').Trim('/'))))
            .ToList());

    /// <summary>Whether the path (relative to the context, forward slashes) stays out of the context.</summary>
    public bool Excludes(string relativePath)
    {
        var parts = relativePath.Trim('/').Split('/');
        bool excluded = false;
        foreach (var (exclude, pattern) in rules)
        {
            // A pattern that matches a folder leaves out everything below it.
            for (int length = 1; length <= parts.Length; length++)
            {
                if (pattern.IsMatch(string.Join('/', parts[..length])))
                {
                    excluded = exclude;
                    break;
                }
            }
        }
        return excluded;
    }

    private static Regex ToRegex(string pattern) =>
        new("^" + Regex.Escape(pattern)
            .Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal)
            .Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
            .Replace(@"\?", "[^/]", StringComparison.Ordinal) + "$");
}
