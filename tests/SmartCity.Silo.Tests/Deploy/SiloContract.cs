using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Hosting.Kubernetes;
using SmartCity.Silo.Hosting;

namespace SmartCity.Silo.Tests.Deploy;

/// <summary>
/// What the deploy files may rely on: the settings the silo reads, the paths it serves, how long its
/// clean stop takes and the file it runs from, taken from the silo itself wherever it can say.
/// </summary>
internal static class SiloContract
{
    /// <summary>
    /// The cluster configuration contract of issue 6 (ASP.NET configuration keys); every other key the
    /// deploy files may set must be in src/Silo/appsettings.json.
    /// </summary>
    private static readonly string[] ContractKeys =
    [
        "Storage:Provider",
        "ConnectionStrings:PostgreSql",
        "Storage:ApplySchema",
        "Orleans:ClusterId",
        "Orleans:ServiceId",
        "Orleans:SiloPort",
        "Orleans:GatewayPort",
        "Orleans:AdvertisedAddress",
        "Orleans:Kubernetes",
        "Urls",
        "Mqtt:Enabled",
    ];

    /// <summary>Environment variables UseKubernetesHosting() reads itself, named by its own constants.</summary>
    public static readonly string[] KubernetesHostingVariables =
    [
        KubernetesHostingOptions.PodNameEnvironmentVariable,
        KubernetesHostingOptions.PodNamespaceEnvironmentVariable,
        KubernetesHostingOptions.PodIPEnvironmentVariable,
        KubernetesHostingOptions.ServiceIdEnvironmentVariable,
        KubernetesHostingOptions.ClusterIdEnvironmentVariable,
    ];

    private static readonly Lazy<HashSet<string>> Keys = new(() =>
    {
        var keys = new HashSet<string>(ContractKeys, StringComparer.OrdinalIgnoreCase);
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(DeployFiles.Repository, "src/Silo/appsettings.json")));
        AddLeaves(settings.RootElement, "", keys);
        return keys;
    });

    private static readonly Lazy<(IReadOnlySet<string> Paths, TimeSpan ShutdownTimeout)> Built = new(Inspect);

    /// <summary>
    /// The configuration key an environment variable sets (ASP.NET reads __ as the section separator),
    /// or null when the silo reads no such key.
    /// </summary>
    public static string? KeyOf(string environmentVariable)
    {
        string key = environmentVariable.Replace("__", ":", StringComparison.Ordinal);
        return Keys.Value.Contains(key) ? key : null;
    }

    /// <summary>The route patterns the twin serves (API, health, metrics), from the app SmartCityHost builds.</summary>
    public static IReadOnlySet<string> ServedPaths => Built.Value.Paths;

    /// <summary>How long the silo's clean stop may take (HostOptions.ShutdownTimeout as SmartCityHost sets it).</summary>
    public static TimeSpan ShutdownTimeout => Built.Value.ShutdownTimeout;

    /// <summary>The file `dotnet` runs: the silo's assembly.</summary>
    public static string EntryAssemblyFile => typeof(SmartCityHost).Assembly.GetName().Name + ".dll";

    /// <summary>The port of an http://host:port URL list such as the Urls setting.</summary>
    public static int HttpPortOf(string urls) => new Uri(urls.Split(';')[0].Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port;

    private static (IReadOnlySet<string>, TimeSpan) Inspect()
    {
        // Built, never started: nothing listens, nothing is stored.
        var app = SmartCityHost.Build(["--Storage:Provider=Memory"]);
        try
        {
            var paths = ((IEndpointRouteBuilder)app).DataSources
                .SelectMany(source => source.Endpoints)
                .OfType<RouteEndpoint>()
                .Select(endpoint => "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/'))
                .ToHashSet(StringComparer.Ordinal);
            var shutdown = app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
            return (paths, shutdown);
        }
        finally
        {
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static void AddLeaves(JsonElement element, string prefix, HashSet<string> keys)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            keys.Add(prefix);
            return;
        }
        foreach (var property in element.EnumerateObject())
        {
            AddLeaves(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}", keys);
        }
    }
}
