using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartCity.Grains.City;
using static SmartCity.Silo.Tests.Restart.ReportChecks;
using SmartCity.TestSupport;

namespace SmartCity.Silo.Tests.Cluster;

/// <summary>
/// Faults a cluster must survive, with real processes on one machine: PostgreSQL and silo processes
/// sharing it, load through every silo, then a silo killed with SIGKILL, or PostgreSQL restarted.
/// </summary>
[Collection(RealProcessesAlone.Name)]
public sealed class ClusterFaultTests
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_silo_killed_under_load_loses_no_acknowledged_report_its_reminders_fire_once_elsewhere_and_it_rejoins()
    {
        await using var cluster = await TwinCluster.StartAsync(silos: 3);
        var http = cluster.Silos.Select(s => new HttpClient { BaseAddress = s.BaseAddress, Timeout = TimeSpan.FromSeconds(15) }.AsAdmin()).ToArray();

        // Quick reports through every silo, so some live on the silo about to die: their deadlines
        // fall after the kill, so the reminders must fire on a survivor, once per escalation level.
        var quick = new List<(string Id, DateTimeOffset AcknowledgeBy)>();
        for (int i = 0; i < 9; i++)
        {
            var (status, id) = await TwinLoad.FileReportAsync(http[i % 3], "quick", 50 + i, $"Quick report {i}");
            Assert.Equal(201, status);
            quick.Add((id!, DateTimeOffset.UtcNow + TwinCluster.QuickDeadline));
        }

        DateTimeOffset killedAt;
        LoadOutcome[] outcomes;
        await using (var load = new TwinLoad(cluster.Silos))
        {
            await Task.Delay(TimeSpan.FromSeconds(4));
            killedAt = DateTimeOffset.UtcNow;
            await cluster.Silos[1].CrashAsync();
            load.TakeOut(1);
            await Task.Delay(Recovery + TimeSpan.FromSeconds(5));
            await load.StopAsync();
            outcomes = [.. load.Outcomes];
        }

        string Describe(IEnumerable<LoadOutcome> list) => string.Join(", ", list.GroupBy(o => (o.Silo, o.Kind, o.Status)).Select(g => $"silo {g.Key.Silo} {g.Key.Kind} {g.Key.Status}: {g.Count()}"));
        var beforeKill = outcomes.Where(o => o.At < killedAt).ToList();
        var survivorsAfter = outcomes.Where(o => o.At >= killedAt && o.Silo != 1).ToList();
        Assert.True(beforeKill.All(o => o.Status is 200 or 201), $"before the kill: {Describe(beforeKill)}");
        // Survivors answer every request, at worst with 503 + Retry-After while the cluster moves the dead silo's grains...
        Assert.True(survivorsAfter.All(o => o.Status is 200 or 201 || (o.Status == 503 && o.RetryAfter)), $"after the kill: {Describe(survivorsAfter)}");
        // ...and within seconds serve everything again.
        var lateFailures = survivorsAfter.Where(o => o.At > killedAt + Recovery && o.Status is not (200 or 201)).ToList();
        Assert.True(lateFailures.Count == 0, $"{Recovery.TotalSeconds} s after the kill survivors still failed: {Describe(lateFailures)}");
        Assert.True(survivorsAfter.Count(o => o.At > killedAt + Recovery) > 10, "too little load after the recovery window to judge it");

        // No report acknowledged (201) before or after the kill is lost, wherever its grain lived.
        var acknowledged = outcomes.Where(o => o.ReportId is not null).ToList();
        Assert.Contains(acknowledged, o => o.Silo == 1);
        foreach (var report in acknowledged)
        {
            using var read = await http[report.Silo == 0 ? 2 : 0].GetAsync($"/api/reports/{report.ReportId}");
            Assert.True(read.StatusCode == HttpStatusCode.OK, $"report {report.ReportId} acknowledged by silo {report.Silo} at {report.At:O}: {read.StatusCode}");
        }

        // Every quick report escalates exactly once per level, though a third of them lived on the dead silo.
        var lastDue = quick.Max(q => q.AcknowledgeBy) + TwinCluster.QuickDeadline;
        await WaitUntil(async () => (await Task.WhenAll(quick.Select(q => Escalations(http[0], q.Id)))).All(e => e.Length >= 2), lastDue - DateTimeOffset.UtcNow + Recovery);
        await Task.Delay(TimeSpan.FromSeconds(3)); // several more reminder ticks: none may add an escalation
        foreach (var (id, _) in quick)
        {
            var escalations = await Escalations(http[2], id);
            Assert.True(escalations.Length == 2 && escalations[0].Contains("(level 1)", StringComparison.Ordinal) && escalations[1].Contains("(level 2)", StringComparison.Ordinal),
                $"report {id}: {string.Join(" | ", escalations)}");
        }

        // The killed silo starts again and rejoins: the cluster lists three active silos, and it serves.
        await cluster.RestartSiloAsync(1);
        await WaitUntil(async () => await cluster.SilosWithStatusAsync(3) == 3, TimeSpan.FromSeconds(30));
        using var rejoined = new HttpClient { BaseAddress = cluster.Silos[1].BaseAddress }.AsAdmin();
        var (filed, newId) = await TwinLoad.FileReportAsync(rejoined, "slow", 7, "Filed through the rejoined silo");
        Assert.Equal(201, filed);
        Assert.Equal("Filed through the rejoined silo", (await http[0].GetFromJsonAsync<JsonElement>($"/api/reports/{newId}")).GetProperty("description").GetString());
        foreach (var client in http) client.Dispose();
    }

    [Fact]
    public async Task PostgreSQL_restarted_under_load_gives_503_with_Retry_After_for_writes_keeps_reads_and_recovers_by_itself()
    {
        await using var cluster = await TwinCluster.StartAsync(silos: 2);
        using var http = new HttpClient { BaseAddress = cluster.Silos[0].BaseAddress, Timeout = TimeSpan.FromSeconds(15) }.AsAdmin();

        DateTimeOffset stoppedAt, startedAt;
        LoadOutcome[] outcomes;
        var readsDuringOutage = new List<HttpStatusCode>();
        await using (var load = new TwinLoad(cluster.Silos))
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            stoppedAt = DateTimeOffset.UtcNow;
            await cluster.Database.StopAsync();
            for (int i = 0; i < 5; i++)
            {
                using var city = await http.GetAsync("/api/city");
                readsDuringOutage.Add(city.StatusCode);
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
            startedAt = DateTimeOffset.UtcNow;
            await cluster.Database.StartAgainAsync();
            await Task.Delay(Recovery);
            await load.StopAsync();
            outcomes = [.. load.Outcomes];
        }

        string Describe(IEnumerable<LoadOutcome> list) => string.Join(", ", list.GroupBy(o => (o.Silo, o.Kind, o.Status)).Select(g => $"silo {g.Key.Silo} {g.Key.Kind} {g.Key.Status}: {g.Count()}"));
        Assert.All(readsDuringOutage, status => Assert.Equal(HttpStatusCode.OK, status));
        // While the database is down, what needs it is refused cleanly: 503 with Retry-After, never a 500.
        Assert.True(outcomes.All(o => o.Status is 200 or 201 || (o.Status == 503 && o.RetryAfter)), Describe(outcomes));
        var duringOutage = outcomes.Where(o => o.At > stoppedAt + TimeSpan.FromSeconds(1) && o.At < startedAt).ToList();
        Assert.Contains(duringOutage, o => o.Kind == "report" && o.Status == 503);
        // It recovers by itself: once PostgreSQL is back, both silos take reports again.
        var late = outcomes.Where(o => o.At > startedAt + Recovery / 2).ToList();
        Assert.True(late.Count > 10 && late.All(o => o.Status is 200 or 201), $"after the restart: {Describe(late)}");
        Assert.Equal([0, 1], late.Where(o => o.Kind == "report").Select(o => o.Silo).Distinct().Order());

        // Every report acknowledged, before, during or after the outage, is there.
        foreach (var report in outcomes.Where(o => o.ReportId is not null))
        {
            using var read = await http.GetAsync($"/api/reports/{report.ReportId}");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }
    }

    [Fact]
    public async Task The_live_feed_of_any_silo_carries_the_events_logged_through_every_silo_in_order()
    {
        await using var cluster = await TwinCluster.StartAsync(silos: 2);
        using var listener = new HttpClient { BaseAddress = cluster.Silos[0].BaseAddress }.AsAdmin();
        using var first = new HttpClient { BaseAddress = cluster.Silos[0].BaseAddress }.AsAdmin();
        using var second = new HttpClient { BaseAddress = cluster.Silos[1].BaseAddress }.AsAdmin();
        var cell = TwinLoad.City.GridCells[123];
        var bays = new CityMap(TwinLoad.City).MembersOf(cell.Id).ParkingBays.Take(4).Select(b => b.Id).ToList();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/events/stream?type=reading&grid={cell.Id}");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await listener.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        var received = new List<(long Id, string Entity)>();
        long id = 0;
        while (received.Count < bays.Count && await reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal)) id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) received.Add((id, JsonDocument.Parse(line[6..]).RootElement.GetProperty("entityId").GetString()!));
            else if (line == ": listening")
            {
                // Through both silos in turn, one after the other: the feed must keep this order.
                for (int i = 0; i < bays.Count; i++)
                {
                    using var posted = await (i % 2 == 0 ? second : first).PostAsJsonAsync("/api/readings", new[]
                    {
                        new { readingId = $"feed-{i}", entityId = bays[i], type = "occupancy", value = true, observedAt = DateTimeOffset.UtcNow },
                    }, cancel.Token);
                    Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
                }
            }
        }

        Assert.Equal(bays, received.Select(r => r.Entity));
        Assert.Equal(received.Select(r => r.Id).Order(), received.Select(r => r.Id));
    }
}

/// <summary>
/// Tests that run real silo processes (and PostgreSQL) against deadlines of seconds run one at a time,
/// with no other test beside them: on 2 cores, three silos and a database starved the others' timers.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealProcessesAlone
{
    public const string Name = "Real processes, alone";
}
