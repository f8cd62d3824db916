using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartCity.Api.Tests.Reports;

namespace SmartCity.Api.Tests.Events;

/// <summary>Every accepted reading and every report step lands in the event log, and history reads it back.</summary>
[Collection(SharedTwin.Name)]
public sealed class EventLogTests(TwinFixture twin)
{
    private async Task<JsonElement[]> HistoryAsync(string entityId, string query = "")
    {
        using var response = await twin.Http.GetAsync($"/api/history/{entityId}{query}");
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return [.. JsonDocument.Parse(body).RootElement.EnumerateArray()];
    }

    [Fact]
    public async Task Accepted_readings_are_logged_once_and_rejected_or_repeated_ones_not_at_all()
    {
        var bay = twin.TakeBay();
        string first = TwinFixture.NewReadingId(), second = TwinFixture.NewReadingId();
        await twin.ApplyAsync(
            TwinFixture.Reading(bay.Id, "occupancy", true, twin.SecondsAgo(20), first),
            TwinFixture.Reading(bay.Id, "occupancy", false, twin.SecondsAgo(10), second));

        // The same reading again (duplicate) and a bad one (rejected) beside a good one elsewhere.
        using var again = await twin.Http.PostAsJsonAsync("/api/readings", new[]
        {
            TwinFixture.Reading(bay.Id, "occupancy", false, twin.SecondsAgo(10), second),
            TwinFixture.Reading(bay.Id, "occupancy", 7, twin.SecondsAgo(5)),
        });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        var history = await HistoryAsync(bay.Id);
        Assert.Equal([first, second], history.Select(e => e.GetProperty("data").GetProperty("readingId").GetString()));
        Assert.All(history, e => Assert.Equal("reading", e.GetProperty("type").GetString()));
        Assert.True(history[0].GetProperty("sequence").GetInt64() < history[1].GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task Outdated_reading_is_logged_as_history_though_it_changed_nothing()
    {
        var bay = twin.TakeBay();
        string newer = TwinFixture.NewReadingId(), older = TwinFixture.NewReadingId();
        await twin.ApplyAsync(TwinFixture.Reading(bay.Id, "occupancy", true, twin.SecondsAgo(5), newer));
        using var late = await twin.Http.PostAsJsonAsync("/api/readings", new[] { TwinFixture.Reading(bay.Id, "occupancy", false, twin.SecondsAgo(60), older) });
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);

        var outcomes = (await HistoryAsync(bay.Id)).Select(e => e.GetProperty("data").GetProperty("outcome").GetString());

        Assert.Equal(["applied", "outdated"], outcomes);
    }

    [Fact]
    public async Task Concurrent_ingest_logs_every_accepted_reading_exactly_once_in_order_per_entity()
    {
        var bays = Enumerable.Range(0, 8).Select(_ => twin.TakeBay()).ToArray();
        const int perBay = 25;
        var sent = bays.ToDictionary(b => b.Id, _ => new List<string>());
        // Eight sensors report at once, each its own readings one after another.
        await Task.WhenAll(bays.Select(bay => Task.Run(async () =>
        {
            for (int n = 0; n < perBay; n++)
            {
                string id = TwinFixture.NewReadingId();
                sent[bay.Id].Add(id);
                await twin.ApplyAsync(TwinFixture.Reading(bay.Id, "occupancy", n % 2 == 0, twin.Stamp(TimeSpan.FromSeconds(n - 100)), id));
            }
        })));

        foreach (var bay in bays)
        {
            var logged = (await HistoryAsync(bay.Id)).Select(e => e.GetProperty("data").GetProperty("readingId").GetString()!).ToList();
            Assert.Equal(sent[bay.Id], logged);
        }
    }

    [Fact]
    public async Task Report_steps_are_logged_with_their_step_numbers_and_without_personal_data()
    {
        var cell = twin.TakeReportCell();
        using var filed = await twin.Http.PostAsJsonAsync("/api/reports", new Dictionary<string, object?>(ReportCalls.NewReport(cell, citizenId: "citizen-log-1"))
        {
            ["contact"] = new { phone = "13911112222", email = "log@example.cn" },
        });
        string id = JsonDocument.Parse(await filed.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        await twin.AcknowledgeAsync(id, cell.OfficialId, "On it.");
        await twin.ResolveAsync(id, cell.OfficialId);

        var history = await HistoryAsync($"report:{id}");

        Assert.Equal(["submitted", "acknowledged", "resolved"], history.Select(e => e.GetProperty("data").GetProperty("kind").GetString()));
        Assert.Equal([1, 2, 3], history.Select(e => e.GetProperty("data").GetProperty("step").GetInt32()));
        Assert.Equal(cell.Id, history[0].GetProperty("gridCellId").GetString());
        Assert.Equal("garbage", history[0].GetProperty("data").GetProperty("category").GetString());
        string raw = string.Join("", history.Select(e => e.GetRawText()));
        Assert.DoesNotContain("13911112222", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("citizen-log-1", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_filters_by_event_time_and_pages_with_after()
    {
        var bay = twin.TakeBay();
        await twin.ApplyAsync([.. Enumerable.Range(0, 5).Select(n => TwinFixture.Reading(bay.Id, "occupancy", n % 2 == 0, twin.Stamp(TimeSpan.FromMinutes(n - 10))))]);

        var middle = await HistoryAsync(bay.Id, $"?from={Uri.EscapeDataString(twin.Stamp(TimeSpan.FromMinutes(-9)))}&to={Uri.EscapeDataString(twin.Stamp(TimeSpan.FromMinutes(-7)))}");
        var all = await HistoryAsync(bay.Id);
        var page = await HistoryAsync(bay.Id, $"?after={all[1].GetProperty("sequence").GetInt64()}&limit=2");

        Assert.Equal(3, middle.Length);
        Assert.Equal(all[2..4].Select(e => e.GetProperty("sequence").GetInt64()), page.Select(e => e.GetProperty("sequence").GetInt64()));
    }

    [Theory]
    [InlineData("/api/history/bay:nowhere", HttpStatusCode.NotFound, null)]
    [InlineData("/api/history/report:not-an-id", HttpStatusCode.NotFound, null)]
    [InlineData("/api/history/bay:XH-0001-01?from=yesterday", HttpStatusCode.BadRequest, "from")]
    [InlineData("/api/history/bay:XH-0001-01?from=2026-11-25T10:00:00", HttpStatusCode.BadRequest, "from")]
    [InlineData("/api/history/bay:XH-0001-01?limit=0", HttpStatusCode.BadRequest, "limit")]
    [InlineData("/api/history/bay:XH-0001-01?from=2026-11-25T10:00:00Z&to=2026-11-24T10:00:00Z", HttpStatusCode.BadRequest, "to")]
    public async Task Bad_history_request_is_refused_naming_the_fault(string path, HttpStatusCode status, string? field)
    {
        using var response = await twin.Http.GetAsync(path);

        if (field is null) await ProblemAssert.IsProblemAsync(response, status);
        else await ProblemAssert.NamesFieldsAsync(response, field);
    }
}
