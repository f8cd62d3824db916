using Xunit.Abstractions;

namespace SmartCity.Api.Tests.Observability;

/// <summary>The Prometheus files in deploy/prometheus are what promtool accepts, and the alerts fire as their unit tests expect.</summary>
public sealed class PromtoolTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Prometheus_scrape_config_passes_promtool_check_config()
    {
        if (await Promtool.RunAsync(output, null, "check", "config", "deploy/prometheus/prometheus.yml") is not { } result) return;

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public async Task Alert_rules_pass_promtool_check_rules_without_lint_problems()
    {
        if (await Promtool.RunAsync(output, null, "check", "rules", "deploy/prometheus/alerts.yml") is not { } result) return;

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public async Task Alerts_fire_for_the_series_their_unit_tests_give_and_stay_quiet_otherwise()
    {
        if (await Promtool.RunAsync(output, null, "test", "rules", "deploy/prometheus/alerts.test.yml") is not { } result) return;

        Assert.True(result.ExitCode == 0, result.Output);
    }
}
