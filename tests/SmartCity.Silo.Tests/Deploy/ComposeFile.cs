namespace SmartCity.Silo.Tests.Deploy;

/// <summary>deploy/compose.yaml read the way Docker Compose reads it: paths relative to deploy/, merge keys applied.</summary>
internal static class ComposeFile
{
    public static Yaml Root => Yaml.Load(DeployFiles.PathOf("compose.yaml"));

    public static Yaml Service(string name) => Root["services"][name];

    /// <summary>The services built from deploy/Dockerfile: the silos.</summary>
    public static IReadOnlyList<(string Name, Yaml Service)> Silos =>
        Root["services"].Entries
            .Where(entry => entry.Value["build"].Exists && BuildFile(entry.Value) == DeployFiles.PathOf("Dockerfile"))
            .Select(entry => (entry.Key, entry.Value))
            .ToList();

    public static string BuildContext(Yaml service) =>
        DeployFiles.PathOf(service["build"].Text ?? service["build"]["context"].Text ?? ".");

    public static string BuildFile(Yaml service) =>
        Path.GetFullPath(Path.Combine(BuildContext(service), service["build"]["dockerfile"].Text ?? "Dockerfile"));

    /// <summary>The service's bind mounts (short syntax source:target[:mode]) with their host paths; named volumes are left out.</summary>
    public static IReadOnlyList<(string Host, string Container)> BindMounts(Yaml service) =>
        service["volumes"].Texts
            .Select(volume => volume.Split(':'))
            .Where(parts => parts[0].StartsWith('.') || parts[0].StartsWith('/'))
            .Select(parts => (DeployFiles.PathOf(parts[0]), parts[1]))
            .ToList();

    /// <summary>The named volumes a service mounts.</summary>
    public static IEnumerable<string> NamedVolumes(Yaml service) =>
        service["volumes"].Texts.Select(volume => volume.Split(':')[0]).Where(source => !source.StartsWith('.') && !source.StartsWith('/'));

    /// <summary>The host file or folder a path inside the service's container shows, or null when no bind mount covers it.</summary>
    public static string? HostPathOf(Yaml service, string containerPath)
    {
        foreach (var (host, container) in BindMounts(service).OrderByDescending(mount => mount.Container.Length))
        {
            if (containerPath == container) return host;
            if (containerPath.StartsWith(container + "/", StringComparison.Ordinal))
            {
                return Path.GetFullPath(Path.Combine(host, containerPath[(container.Length + 1)..]));
            }
        }
        return null;
    }

    /// <summary>The files a folder inside the container holds: those of a mounted folder and files mounted into it.</summary>
    public static IEnumerable<string> HostFilesIn(Yaml service, string containerFolder)
    {
        if (HostPathOf(service, containerFolder) is { } folder && Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder)) yield return file;
        }
        foreach (var (host, container) in BindMounts(service))
        {
            if (Path.GetDirectoryName(container) == containerFolder && File.Exists(host)) yield return host;
        }
    }

    /// <summary>Container ports published on the host, as (host port, container port).</summary>
    public static IReadOnlyList<(int Host, int Container)> PublishedPorts(Yaml service) =>
        service["ports"].Texts
            .Select(port => port.Split(':'))
            .Select(parts => (int.Parse(parts[^2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
}
