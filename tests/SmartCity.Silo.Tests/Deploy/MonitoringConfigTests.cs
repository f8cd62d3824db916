using System.Text.Json;
using Xunit.Abstractions;

namespace SmartCity.Silo.Tests.Deploy;

/// <summary>
/// Prometheus and Grafana of deploy/compose.yaml: Prometheus scrapes every silo the compose file starts,
/// with a config promtool accepts; Grafana gets a Prometheus datasource and the twin's dashboard.
/// </summary>
public sealed class MonitoringConfigTests(ITestOutputHelper output)
{
    private const string ComposeConfig = "prometheus/prometheus.compose.yml";

    [Fact]
    public void Compose_Prometheus_scrapes_every_silo_under_the_job_the_alerts_read()
    {
        var prometheus = ComposeFile.Service("prometheus");
        string configFlag = Assert.Single(prometheus["command"].Texts, flag => flag.StartsWith("--config.file=", StringComparison.Ordinal));
        Assert.Equal(DeployFiles.PathOf(ComposeConfig), ComposeFile.HostPathOf(prometheus, configFlag["--config.file=".Length..]));

        var config = Yaml.Load(DeployFiles.PathOf(ComposeConfig));
        foreach (var rules in config["rule_files"].Texts)
        {
            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(DeployFiles.PathOf(ComposeConfig))!, rules)), $"rule file {rules} does not exist beside the config.");
        }

        // alerts.yml reads job="smartcity"; the silo-loss alert counts its targets.
        var job = Assert.Single(config["scrape_configs"].Items, scrape => scrape["job_name"].Text == "smartcity");
        Assert.Equal("/metrics", job["metrics_path"].Text ?? "/metrics");
        Assert.Contains("/metrics", SiloContract.ServedPaths);
        var targets = job["static_configs"].Items.SelectMany(group => group["targets"].Texts).Order();
        var silos = ComposeFile.Silos.Select(silo => $"{silo.Name}:{SiloContract.HttpPortOf(silo.Service["environment"]["Urls"].Text!)}").Order();
        Assert.Equal(silos, targets);
    }

    [Fact]
    public async Task Compose_Prometheus_config_passes_promtool_check_config()
    {
        if (await ExternalTool.PromtoolAsync(output, "check", "config", $"deploy/{ComposeConfig}") is not { } result) return;

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public void Single_twin_Prometheus_config_still_scrapes_the_twin_on_its_default_port()
    {
        var config = Yaml.Load(DeployFiles.PathOf("prometheus/prometheus.yml"));
        var job = Assert.Single(config["scrape_configs"].Items, scrape => scrape["job_name"].Text == "smartcity");
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(DeployFiles.Repository, "src/Silo/appsettings.json")));
        int port = SiloContract.HttpPortOf(settings.RootElement.GetProperty("Urls").GetString()!);
        Assert.Contains($"localhost:{port}", job["static_configs"].Items.SelectMany(group => group["targets"].Texts));
    }

    [Fact]
    public void Grafana_gets_the_compose_Prometheus_as_its_default_datasource()
    {
        var grafana = ComposeFile.Service("grafana");
        string provisioning = ComposeFile.HostPathOf(grafana, "/etc/grafana/provisioning") ?? "(not mounted)";
        Assert.Equal(DeployFiles.PathOf("grafana/provisioning"), provisioning);

        var datasources = Yaml.Load(Path.Combine(provisioning, "datasources/prometheus.yml"))["datasources"].Items.ToList();
        var prometheus = Assert.Single(datasources, source => source["type"].Text == "prometheus");
        Assert.Equal("true", prometheus["isDefault"].Text);

        var url = new Uri(prometheus["url"].Text!);
        Assert.True(ComposeFile.Service(url.Host)["image"].Text?.StartsWith("prom/prometheus", StringComparison.Ordinal) == true, $"{url.Host} is not the compose file's Prometheus.");
        Assert.Equal(9090, url.Port);
    }

    [Fact]
    public void Grafana_loads_the_twin_dashboard_which_finds_its_Prometheus_by_type()
    {
        var grafana = ComposeFile.Service("grafana");
        string provisioning = ComposeFile.HostPathOf(grafana, "/etc/grafana/provisioning")!;
        var provider = Assert.Single(Yaml.Load(Path.Combine(provisioning, "dashboards/smartcity.yml"))["providers"].Items);
        Assert.Equal("file", provider["type"].Text);

        var dashboards = ComposeFile.HostFilesIn(grafana, provider["options"]["path"].Text!).ToList();
        Assert.Contains(DeployFiles.PathOf("grafana/smartcity-twin.json"), dashboards);

        // Provisioned dashboards are not imported, so ${DS_PROMETHEUS} is never filled in: the panels
        // must go through a datasource variable of type prometheus, which picks the default one.
        using var dashboard = JsonDocument.Parse(File.ReadAllText(DeployFiles.PathOf("grafana/smartcity-twin.json")));
        var variable = dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Single(item => item.GetProperty("type").GetString() == "datasource");
        Assert.Equal("prometheus", variable.GetProperty("query").GetString());
        Assert.False(string.IsNullOrEmpty(dashboard.RootElement.GetProperty("uid").GetString()));
    }
}
