using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using SmartCity.Simulator.Replay;
using SmartCity.TestSupport;

namespace SmartCity.Simulator.Tests.Replay;

/// <summary>
/// Replays small event files into an in-process twin of the demo city on a virtual clock. The
/// twin starts from scratch for every replay (memory storage), as a researcher's run does.
/// </summary>
public sealed class ReplayTests : IDisposable
{
    // Demo city entities: the bays of the first grid cells, and a point inside the first cell.
    private static readonly DateTimeOffset Start = new(2024, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));
    private const double Lat = 30.2578706, Lon = 120.1601949;
    private readonly string _folder = Directory.CreateTempSubdirectory("smartcity-replay-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Replaying_the_same_file_twice_gives_the_same_digest_and_a_changed_file_another()
    {
        string file = Write("same.jsonl", Readings(300).Concat(Reports()));
        var first = await ReplayAsync(file);
        var second = await ReplayAsync(file);
        Assert.Equal(first.Digest, second.Digest);
        Assert.Equal(300, first.ReadingOutcomes["applied"]);
        Assert.Equal(0, first.Errors);

        // One bay's last reading says the opposite: the final state, and so the digest, differ.
        var changed = Readings(300).ToList();
        changed[^1] = Reading(299, "bay:SC-0025-01", Start.AddMinutes(299), value: 0);
        Assert.NotEqual(Readings(300).Last(), changed[^1]);
        var third = await ReplayAsync(Write("changed.jsonl", changed.Concat(Reports())));
        Assert.NotEqual(first.Digest, third.Digest);
    }

    [Fact]
    public async Task On_the_virtual_clock_a_missed_deadline_escalates_at_the_deadline_itself_and_a_resolved_report_closes_a_week_later()
    {
        string file = Write("deadlines.jsonl", Reports());
        var events = EventFile.Read(file).Events;
        await using var twin = await InProcessTwin.StartAsync([], events[0].EventTime);
        using var http = new HttpClient { BaseAddress = twin.Address }.SignedIn(twin.Token);
        var run = new ReplayRun(new TwinClient(http), new ReplayPace(Speed: null), twin);
        var submitted = Start.AddMinutes(10);

        // Three hours on: the ignored report missed its 2-hour acknowledgement deadline once.
        await run.RunAsync(events, submitted.AddHours(3), CancellationToken.None);
        var ignored = await ReportAsync(http, run.TwinReportIds["src-1"]);
        var escalations = Steps(ignored, "escalated");
        var escalation = Assert.Single(escalations);
        Assert.Equal(submitted.AddHours(2), escalation.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(submitted.AddHours(3), twin.Clock.GetUtcNow());

        // The report resolved before its deadline never escalated; eight days on it is closed, at resolution + 7 days.
        await twin.AdvanceToAsync(submitted.AddDays(8));
        var resolved = await ReportAsync(http, run.TwinReportIds["src-0"]);
        Assert.Empty(Steps(resolved, "escalated"));
        Assert.Equal("closed", resolved.GetProperty("status").GetString(), ignoreCase: true);
        var closed = Assert.Single(Steps(resolved, "closed"));
        Assert.Equal(Start.AddHours(2).AddDays(7), closed.GetProperty("at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Readings_for_entities_the_city_does_not_have_are_reported_and_the_rest_still_apply()
    {
        var lines = Readings(20).Append(Reading(99, "bay:no-such-bay", Start.AddMinutes(5), 1)).Append("{not json");
        var result = await ReplayAsync(Write("unknown.jsonl", lines));
        Assert.Equal(["bay:no-such-bay"], result.UnknownEntities);
        Assert.Equal(20, result.ReadingOutcomes["applied"]);
        Assert.Equal(1, result.ReadingOutcomes["rejected"]);
        Assert.Equal(1, result.Errors);
        Assert.Equal(1, result.FileProblems);
    }

    [Fact]
    public async Task Events_outside_from_and_to_are_not_sent()
    {
        string file = Write("range.jsonl", Readings(100));
        var options = ReplayOptions.Parse([file, "--max", "--from", Start.AddMinutes(10).ToString("O"), "--to", Start.AddMinutes(19).ToString("O")]);
        var result = await ReplayCommand.ReplayAsync(options, TextWriter.Null, TextWriter.Null, CancellationToken.None);
        Assert.Equal(10, result!.ReadingsSent);
    }

    [Theory]
    [InlineData("--speed", "0")]
    [InlineData("--speed", "fast")]
    [InlineData("--from", "2016-10-04T08:00:00")]
    [InlineData("--target", "ftp://example")]
    [InlineData("--frobnicate", "1")]
    public void Bad_options_are_refused_naming_the_option(string name, string value)
    {
        var error = Assert.Throws<FormatException>(() => ReplayOptions.Parse(["events.jsonl", name, value]));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Speed_and_max_together_are_refused()
    {
        Assert.Throws<FormatException>(() => ReplayOptions.Parse(["events.jsonl", "--max", "--speed", "100"]));
        Assert.Null(ReplayOptions.Parse(["events.jsonl", "--max"]).Speed);
        Assert.Equal(ReplayOptions.DefaultSpeed, ReplayOptions.Parse(["events.jsonl"]).Speed);
    }

    [Fact]
    public async Task Two_runs_compare_side_by_side_with_ratios_against_the_first()
    {
        string file = Write("compare.jsonl", Readings(50));
        var a = await ReplayAsync(file, "first");
        var b = await ReplayAsync(file, "second");
        string table = ReplayResult.CompareTable([a, b]);
        var lines = table.Split(Environment.NewLine);
        Assert.StartsWith("run ", lines[0], StringComparison.Ordinal);
        Assert.Contains("first", lines[0], StringComparison.Ordinal);
        Assert.Contains("second", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("events/s", StringComparison.Ordinal) && l.Contains('x', StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("same final state as run 1", StringComparison.Ordinal) && l.TrimEnd().EndsWith("yes", StringComparison.Ordinal));
    }

    private static async Task<ReplayResult> ReplayAsync(string file, string? label = null)
    {
        var options = ReplayOptions.Parse([file, "--max", "--label", label ?? Path.GetFileName(file)]);
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var result = await ReplayCommand.ReplayAsync(options, output, TextWriter.Null, CancellationToken.None);
        Assert.True(result is not null, output.ToString());
        Assert.Contains("digest of the final state", output.ToString(), StringComparison.Ordinal);
        return result!;
    }

    private string Write(string name, IEnumerable<string> lines)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>One reading a minute, round-robin over the first 25 bays, alternating occupied and free.</summary>
    private static IEnumerable<string> Readings(int count) =>
        Enumerable.Range(0, count).Select(i => Reading(i, $"bay:SC-{i % 25 + 1:0000}-01", Start.AddMinutes(i), i / 25 % 2));

    private static string Reading(int i, string bay, DateTimeOffset at, int value) => JsonSerializer.Serialize(new
    {
        type = "reading",
        entityId = bay,
        eventTime = at,
        data = new { readingId = $"r{i}", type = "occupancy", value, observedAt = at },
    });

    /// <summary>Two garbage reports (acknowledge within 2 h): src-0 resolved after 110 minutes, src-1 ignored.</summary>
    private static IEnumerable<string> Reports()
    {
        foreach (int r in new[] { 0, 1 })
        {
            yield return JsonSerializer.Serialize(new
            {
                type = "report",
                entityId = $"report:src-{r}",
                eventTime = Start.AddMinutes(10),
                data = new { reportId = $"src-{r}", step = 1, kind = "submitted", actor = "citizen", text = "", category = "garbage", description = "Overflowing bin", location = new { lat = Lat, lon = Lon } },
            });
        }
        yield return JsonSerializer.Serialize(new
        {
            type = "report",
            entityId = "report:src-0",
            eventTime = Start.AddHours(2),
            data = new { reportId = "src-0", step = 2, kind = "resolved", actor = "system", text = "Emptied", category = "garbage" },
        });
    }

    private static async Task<JsonElement> ReportAsync(HttpClient http, string id) =>
        await http.GetFromJsonAsync<JsonElement>($"/api/reports/{id}");

    private static List<JsonElement> Steps(JsonElement report, string kind) =>
        [.. report.GetProperty("events").EnumerateArray().Where(e => string.Equals(e.GetProperty("kind").GetString(), kind, StringComparison.OrdinalIgnoreCase))];
}
