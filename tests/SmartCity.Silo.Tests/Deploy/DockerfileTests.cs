using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SmartCity.Silo.Tests.Deploy;

/// <summary>
/// deploy/Dockerfile checked without Docker: it builds the silo project from everything that project
/// reads, and runs the silo's assembly unprivileged on the ports the compose file and manifests use.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly Dockerfile Image = Dockerfile.Load();
    private static readonly string SiloProject = Path.Combine(DeployFiles.Repository, "src/Silo/SmartCity.Silo.csproj");

    [Fact]
    public void Builds_with_the_SDK_and_runs_on_the_ASP_NET_runtime_of_the_target_framework_as_a_non_root_user()
    {
        string framework = XDocument.Load(Path.Combine(DeployFiles.Repository, "Directory.Build.props")).Descendants("TargetFramework").Single().Value;
        string version = Assert.Single(Dockerfile.Arguments(Image.Instructions, "ARG"), argument => argument.StartsWith("DOTNET_VERSION=", StringComparison.Ordinal));
        Assert.Equal(framework.Replace("net", "DOTNET_VERSION=", StringComparison.Ordinal), version);

        var stages = Image.Stages;
        Assert.True(stages.Count >= 2, "Build in one stage, run in another.");
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", stages[0][0].Arguments, StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", stages[^1][0].Arguments, StringComparison.Ordinal);

        string? user = Dockerfile.Arguments(stages[^1], "USER").LastOrDefault();
        Assert.False(user is null or "root" or "0" || user.StartsWith("0:", StringComparison.Ordinal), $"The runtime stage runs as '{user ?? "root (no USER)"}'.");
    }

    [Fact]
    public void Runs_the_silo_assembly_and_exposes_the_ports_the_compose_file_and_manifests_use()
    {
        var runtime = Image.Stages[^1];
        Assert.Equal(["dotnet", SiloContract.EntryAssemblyFile], Dockerfile.ExecForm(Assert.Single(Dockerfile.Arguments(runtime, "ENTRYPOINT"))));

        string urls = Assert.Single(Dockerfile.Arguments(runtime, "ENV"), env => env.StartsWith("Urls=", StringComparison.Ordinal))["Urls=".Length..];
        var exposed = Dockerfile.Arguments(runtime, "EXPOSE").SelectMany(ports => ports.Split(' ')).Select(port => int.Parse(port, CultureInfo.InvariantCulture)).Order().ToList();

        var silo = Assert.Single(DeployFiles.KubernetesObject("Deployment")["spec"]["template"]["spec"]["containers"].Items);
        Assert.Equal(exposed, silo["ports"].Items.Select(port => port["containerPort"].Number ?? 0).Order());
        Assert.Contains(SiloContract.HttpPortOf(urls), exposed);
        foreach (var (name, service) in ComposeFile.Silos)
        {
            Assert.True(SiloContract.HttpPortOf(service["environment"]["Urls"].Text!) == SiloContract.HttpPortOf(urls), $"{name} serves HTTP on another port than the image exposes.");
        }
    }

    [Fact]
    public void Copies_everything_the_silo_project_builds_from()
    {
        var copied = Image.ContextSources.Select(source => source.TrimEnd('/')).ToList();
        foreach (var root in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props" })
        {
            Assert.Contains(root, copied);
        }

        var projects = ProjectClosure(SiloProject);
        foreach (var project in projects)
        {
            string relative = Relative(project);
            Assert.Contains(relative, copied);
            Assert.Contains(Path.GetDirectoryName(relative)!.Replace('\\', '/'), copied);

            string text = File.ReadAllText(project);
            // Files linked from outside the project folder, such as deploy/sql.
            foreach (var include in XDocument.Load(project).Descendants().Select(element => (string?)element.Attribute("Include")).OfType<string>().Where(include => include.StartsWith("..", StringComparison.Ordinal)))
            {
                string folder = Relative(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, include.Replace('\\', '/').Split('*')[0])));
                Assert.True(copied.Exists(source => (folder + "/").StartsWith(source + "/", StringComparison.Ordinal)), $"{Relative(project)} reads {include}; the Dockerfile copies nothing that holds it.");
            }
            // Folders of src/ a project reaches by name, such as src/WebConsole.
            foreach (var folder in Directory.GetDirectories(Path.Combine(DeployFiles.Repository, "src")).Select(Relative))
            {
                if (Regex.IsMatch(text, $@"\b{Regex.Escape(Path.GetFileName(folder))}\b") && !projects.Exists(p => Relative(p).StartsWith(folder + "/", StringComparison.Ordinal)))
                {
                    Assert.True(copied.Contains(folder), $"{Relative(project)} reads {folder}, which the Dockerfile does not copy.");
                }
            }
            if (NpmCall().IsMatch(text))
            {
                Assert.True(Dockerfile.Arguments(Image.Stages[0], "RUN").Any(run => run.Contains("npm", StringComparison.Ordinal)), $"{Relative(project)} runs npm; the build stage does not install it.");
            }
        }
    }

    [Fact]
    public void Build_context_leaves_out_build_output_and_keeps_what_the_Dockerfile_copies()
    {
        var ignore = DockerIgnore.Load();
        foreach (var source in Image.ContextSources)
        {
            Assert.True(File.Exists(Path.Combine(DeployFiles.Repository, source)) || Directory.Exists(Path.Combine(DeployFiles.Repository, source)), $"COPY {source}: no such file or folder.");
            Assert.False(ignore.Excludes(source), $".dockerignore leaves out {source}, which the Dockerfile copies.");
        }
        foreach (var needed in new[] { "src/Silo/appsettings.json", "src/Silo/Program.cs", "deploy/sql/postgresql/01-storage.sql", "src/WebConsole/package-lock.json" })
        {
            Assert.False(ignore.Excludes(needed), $".dockerignore leaves out {needed}.");
        }
        foreach (var output in new[] { "src/Silo/bin/Debug/net10.0/SmartCity.Silo.dll", "src/Api/obj/project.assets.json", "src/WebConsole/node_modules/leaflet/package.json", "src/Silo/data/smartcity.db", ".git/HEAD" })
        {
            Assert.True(ignore.Excludes(output), $".dockerignore lets {output} into the build context.");
        }
    }

    private static List<string> ProjectClosure(string project)
    {
        var found = new List<string>();
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var next))
        {
            if (found.Contains(next)) continue;
            found.Add(next);
            foreach (var reference in XDocument.Load(next).Descendants("ProjectReference").Select(element => (string)element.Attribute("Include")!))
            {
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(next)!, reference.Replace('\\', '/'))));
            }
        }
        return found;
    }

    private static string Relative(string path) => Path.GetRelativePath(DeployFiles.Repository, path).Replace('\\', '/');

    [GeneratedRegex(@"\bnpm\b")]
    private static partial Regex NpmCall();
}
