namespace SmartCity.Silo.Tests.Deploy;

/// <summary>The repository's deploy/ folder, found upwards from the test binaries.</summary>
internal static class DeployFiles
{
    /// <summary>The folder holding SmartCity.sln.</summary>
    public static string Repository { get; } = FindRepository();

    public static string Folder => Path.Combine(Repository, "deploy");

    /// <summary>A path under deploy/, given with forward slashes.</summary>
    public static string PathOf(string relativePath) => Path.GetFullPath(Path.Combine(Folder, relativePath));

    /// <summary>Every YAML file under deploy/, as paths relative to it with forward slashes.</summary>
    public static IReadOnlyList<string> YamlFiles() =>
        Directory.EnumerateFiles(Folder, "*.*", SearchOption.AllDirectories)
            .Where(path => path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(Folder, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The objects of every manifest in deploy/kubernetes, each with the file it came from.</summary>
    public static IReadOnlyList<(string File, Yaml Manifest)> KubernetesObjects(bool withSecretTemplate = true) =>
        Directory.EnumerateFiles(PathOf("kubernetes"), "*.yaml")
            .Select(Path.GetFileName)
            .Where(file => file != "kustomization.yaml" && (withSecretTemplate || file != SecretTemplate))
            .Order(StringComparer.Ordinal)
            .SelectMany(file => Yaml.LoadAll(PathOf($"kubernetes/{file}")).Select(manifest => (file!, manifest)))
            .ToList();

    public const string SecretTemplate = "secret.template.yaml";

    /// <summary>The one object of the given kind in deploy/kubernetes.</summary>
    public static Yaml KubernetesObject(string kind) =>
        Assert.Single(KubernetesObjects(), entry => entry.Manifest["kind"].Text == kind).Manifest;

    private static string FindRepository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "SmartCity.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException($"No SmartCity.sln above {AppContext.BaseDirectory}.");
    }
}
