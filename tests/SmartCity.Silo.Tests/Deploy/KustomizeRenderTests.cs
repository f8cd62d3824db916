using Xunit.Abstractions;

namespace SmartCity.Silo.Tests.Deploy;

/// <summary>
/// Where kubectl is installed (not on CI), kustomize itself renders deploy/kubernetes, offline, into
/// exactly the objects the other tests check, without the Secret.
/// </summary>
public sealed class KustomizeRenderTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Kustomize_renders_the_checked_manifests_and_no_secret()
    {
        if (await ExternalTool.KubectlAsync(output, "kustomize", "deploy/kubernetes") is not { } result) return;
        Assert.True(result.ExitCode == 0, result.Output);

        var rendered = Yaml.Parse(result.Output).Select(Identify).Order().ToList();
        var checkedObjects = DeployFiles.KubernetesObjects(withSecretTemplate: false).Select(entry => Identify(entry.Manifest)).Order();
        Assert.Equal(checkedObjects, rendered);
        Assert.DoesNotContain(rendered, identity => identity.StartsWith("Secret/", StringComparison.Ordinal));
    }

    private static string Identify(Yaml manifest) => $"{manifest["kind"].Text}/{manifest["metadata"]["name"].Text}";
}
