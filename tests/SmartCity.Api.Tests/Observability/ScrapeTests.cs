using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using SmartCity.Grains.Facilities;
using Xunit.Abstractions;

namespace SmartCity.Api.Tests.Observability;

/// <summary>
/// What /metrics serves is what Prometheus reads without complaint, and the dashboard and alerts in
/// deploy/ ask only for metrics the twin serves.
/// </summary>
[Collection(ObservedTwin.Name)]
public sealed partial class ScrapeTests(ObservedTwinFixture twin, ITestOutputHelper output)
{
    [Fact]
    public async Task Scrape_passes_promtool_check_metrics_with_no_problem_in_a_city_metric()
    {
        var scrape = await ScrapeAfterEveryKindOfActivityAsync();

        if (await Promtool.RunAsync(output, scrape.Text, "check", "metrics") is not { } result) return;

        // 0: clean; 3: valid, with lint problems. Orleans' and .NET's own metrics have some (no help
        // text, milliseconds): theirs to fix, not ours, so only a problem with a city metric fails.
        Assert.True(result.ExitCode is 0 or 3, result.Output);
        Assert.DoesNotContain(result.Output.Split('\n'), line => line.StartsWith("smartcity_", StringComparison.Ordinal));
        Assert.Contains("smartcity_readings_total", scrape.Names);
    }

    [Fact]
    public async Task Dashboard_is_valid_json_whose_every_query_names_only_metrics_the_twin_serves()
    {
        var served = (await ScrapeAfterEveryKindOfActivityAsync()).Names;
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Repository.PathOf("deploy/grafana/smartcity-twin.json")));

        var queries = Panels(dashboard.RootElement.GetProperty("panels"))
            .Where(panel => panel.GetProperty("type").GetString() != "row")
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray().Select(target => target.GetProperty("expr").GetString()!))
            .ToList();

        Assert.True(queries.Count >= 15, $"Only {queries.Count} queries in the dashboard.");
        Assert.All(queries, query => AssertNamesServedMetrics(query, served));
    }

    [Fact]
    public async Task Alert_rules_name_only_metrics_the_twin_serves()
    {
        var served = (await ScrapeAfterEveryKindOfActivityAsync()).Names;
        string rules = await File.ReadAllTextAsync(Repository.PathOf("deploy/prometheus/alerts.yml"));

        // Each rule's expr, one line or a block ("expr: |" and its indented lines).
        var expressions = ExprBlock().Matches(rules).Select(m => m.Groups["expr"].Value).ToList();

        Assert.Equal(Regex.Count(rules, @"^\s+- alert:", RegexOptions.Multiline), expressions.Count);
        Assert.All(expressions, expr => AssertNamesServedMetrics(expr, served));
    }

    /// <summary>
    /// Every kind of city activity once, so that each city metric has a sample: readings accepted and
    /// rejected, a report filed, acknowledged and resolved, another left to escalate.
    /// </summary>
    private async Task<MetricsScrape> ScrapeAfterEveryKindOfActivityAsync()
    {
        var hall = twin.TakeFacility(FacilityKind.ServiceHall);
        using (await twin.Http.PostAsJsonAsync("/api/readings", new[]
               {
                   TwinFixture.Reading(hall.Id, "queueLength", 3, ObservedTwinFixture.SecondsAgo(1)),
                   TwinFixture.Reading(hall.Id, "queueLength", -3, ObservedTwinFixture.SecondsAgo(1)),
               }))
        {
        }
        var cell = twin.TakeGridCell();
        string worked = await twin.FileReportAsync(cell, "garbage");
        await twin.ActAsync(worked, "resolve", new { actorId = cell.OfficialId, resolution = "Done." });
        string late = await twin.FileReportAsync(cell, ObservedTwinFixture.QuickCategory);
        var scrape = await twin.ScrapeUntilAsync(s => s.Has("smartcity_reports_escalations_total") && s.Has("smartcity_bays"));
        await twin.ActAsync(late, "resolve", new { actorId = cell.OfficialId, resolution = "Done." });
        return scrape;
    }

    private static void AssertNamesServedMetrics(string query, IReadOnlySet<string> served)
    {
        // Label matchers, label lists (by, without, on, ignoring) and strings name no metric; what is
        // left that looks like one of ours must be served.
        string bare = Regex.Replace(query, "\\{[^}]*\\}|\"[^\"]*\"|\\b(?:by|without|on|ignoring)\\s*\\([^)]*\\)", " ");
        var metrics = MetricName().Matches(bare).Select(m => m.Value).Distinct().ToList();
        Assert.True(metrics.Count > 0, $"No metric named in: {query}");
        Assert.All(metrics, metric => Assert.True(metric == "up" || served.Contains(metric), $"'{metric}' in `{query}` is not served by the twin."));
    }

    private static IEnumerable<JsonElement> Panels(JsonElement panels)
    {
        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var inner in Panels(nested)) yield return inner;
            }
        }
    }

    [GeneratedRegex(@"\b(?:up|(?:smartcity|orleans|http|kestrel|dotnet|aspnetcore)_[a-z0-9_]+)\b(?!\s*\()")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"^\s+expr:\s*(?:\|\s*\n(?<expr>(?:\s{10,}.*\n?)+)|(?<expr>.+))$", RegexOptions.Multiline)]
    private static partial Regex ExprBlock();
}
