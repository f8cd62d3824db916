namespace SmartCity.Silo.Tests.Deploy;

/// <summary>Every YAML file under deploy/ is one the tools will read the way it was meant.</summary>
public sealed class YamlFilesTests
{
    public static TheoryData<string> Files => [.. DeployFiles.YamlFiles()];

    [Theory]
    [MemberData(nameof(Files))]
    public void Parses_into_documents_without_duplicate_keys(string file)
    {
        string path = DeployFiles.PathOf(file);
        // YamlDotNet throws on a duplicate key in a mapping, which most tools would silently resolve.
        var documents = Yaml.LoadAll(path);
        Assert.NotEmpty(documents);
        Assert.All(documents, document => Assert.NotEmpty(document.Entries));
    }

    [Fact]
    public void The_deploy_folder_has_the_files_the_guide_names()
    {
        foreach (var file in new[] { "README.md", "Dockerfile", "compose.yaml", "kubernetes/kustomization.yaml", "prometheus/prometheus.compose.yml" })
        {
            Assert.True(File.Exists(DeployFiles.PathOf(file)), $"deploy/{file} is missing.");
        }
        string guide = File.ReadAllText(DeployFiles.PathOf("README.md"));
        Assert.Contains("kubectl apply -k deploy/kubernetes", guide, StringComparison.Ordinal);
        Assert.Contains("docker compose -f deploy/compose.yaml up", guide, StringComparison.Ordinal);
        Assert.Contains("for f in deploy/sql/postgresql/*.sql", guide, StringComparison.Ordinal);
    }
}
