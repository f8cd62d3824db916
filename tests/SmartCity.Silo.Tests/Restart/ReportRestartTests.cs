using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartCity.Grains.City;
using static SmartCity.Silo.Tests.Restart.ReportChecks;
using SmartCity.TestSupport;

namespace SmartCity.Silo.Tests.Restart;

/// <summary>Citizen reports and their deadlines survive a silo crash on the SQLite file.</summary>
[Collection(Cluster.RealProcessesAlone.Name)]
public sealed class ReportRestartTests : IDisposable
{
    private static readonly TimeSpan AcknowledgeWithin = TimeSpan.FromSeconds(8);
    private readonly string _folder = Directory.CreateTempSubdirectory("smartcity-reports-").FullName;

    /// <summary>Categories due within seconds ("quick") and within the hour ("slow"), and reminders that may fire every second.</summary>
    private string[] QuickDeadlines()
    {
        string categories = Path.Combine(_folder, "quick-categories.json");
        File.WriteAllText(categories, $$"""
            { "categories": [ {
                "code": "quick", "name": "Quick", "description": "Deadlines of seconds for a restart test.", "group": "Tests",
                "keywords": [], "acknowledgeWithin": "{{AcknowledgeWithin:c}}", "resolveWithin": "01:00:00",
                "department": null, "attributes": [] },
              { "code": "slow", "name": "Slow", "description": "Deadlines far beyond the test.", "group": "Tests",
                "keywords": [], "acknowledgeWithin": "01:00:00", "resolveWithin": "1.00:00:00",
                "department": null, "attributes": [] } ] }
            """);
        return [$"--Reports:CategoriesPath={categories}", "--Reminders:MinimumPeriod=00:00:01", "--Reports:DeadlineRecheck=00:00:01"];
    }

    private static object Report(string category, GridCellDefinition cell) => new
    {
        category,
        description = "Restart test report",
        location = new { lat = cell.Boundary.Centroid.Lat, lon = cell.Boundary.Centroid.Lon },
        contact = new { phone = "13700000000" },
    };

    private static readonly Lazy<CityDefinition> City = new(() => DemoCityGenerator.Generate());

    [Fact]
    public async Task Report_acknowledged_to_the_citizen_survives_an_immediate_crash_and_reaches_the_lists()
    {
        string database = Path.Combine(_folder, "crash.db");
        var cell = City.Value.GridCells[42];
        string[] args = ["--Twin:WriteBehindInterval=00:00:01", .. QuickDeadlines()];
        string id;

        await using (var first = await SiloProcess.StartAsync(database, args))
        {
            using var http = new HttpClient { BaseAddress = first.BaseAddress }.AsAdmin();
            // Slow: no deadline falls within the test, so only the report's ledger check can wake it.
            using var filed = await http.PostAsJsonAsync("/api/reports", Report("slow", cell));
            Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
            id = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            await first.CrashAsync(); // no grace at all: the report was durable before its id came back
        }

        await using var second = await SiloProcess.StartAsync(database, args);
        using var again = new HttpClient { BaseAddress = second.BaseAddress }.AsAdmin();
        // The district ledger may have lost it in the crash; the report's reminder wakes it and it
        // publishes itself again (listing first: reading the report would wake it too).
        await WaitUntil(async () => (await again.GetStringAsync($"/api/reports?grid={cell.Id}")).Contains(id, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var report = await again.GetFromJsonAsync<JsonElement>($"/api/reports/{id}");
        Assert.Equal("Restart test report", report.GetProperty("description").GetString());
        Assert.Equal(cell.OfficialId, report.GetProperty("assigneeId").GetString());
    }

    [Fact]
    public async Task Escalation_fires_once_when_the_silo_crashes_between_filing_and_the_deadline()
    {
        string database = Path.Combine(_folder, "escalation.db");
        var cell = City.Value.GridCells[77];
        string supervisor = City.Value.Officials.Single(o => o.Id == cell.OfficialId).SupervisorId!;
        string[] args = QuickDeadlines();
        string id;
        DateTimeOffset acknowledgeBy;

        await using (var first = await SiloProcess.StartAsync(database, args))
        {
            using var http = new HttpClient { BaseAddress = first.BaseAddress }.AsAdmin();
            using var filed = await http.PostAsJsonAsync("/api/reports", Report("quick", cell));
            var body = await filed.Content.ReadFromJsonAsync<JsonElement>();
            id = body.GetProperty("id").GetString()!;
            acknowledgeBy = body.GetProperty("acknowledgeBy").GetDateTimeOffset();
            await first.CrashAsync();
        }

        await using var second = await SiloProcess.StartAsync(database, args);
        using var again = new HttpClient { BaseAddress = second.BaseAddress }.AsAdmin();
        // Level 1 is due at the deadline, level 2 one deadline length later: check between the two...
        await WaitUntil(async () => (await Escalations(again, id)).Length == 1, acknowledgeBy - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20));
        var levelOneDone = DateTimeOffset.UtcNow;
        if (levelOneDone < acknowledgeBy + AcknowledgeWithin - TimeSpan.FromSeconds(2))
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            Assert.Single(await Escalations(again, id));
        }
        // ...and after both, with several reminder ticks since: each level exactly once.
        await WaitUntil(async () => (await Escalations(again, id)).Length >= 2, acknowledgeBy + AcknowledgeWithin - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(3));
        var escalations = await Escalations(again, id);
        Assert.Equal(2, escalations.Length);
        Assert.Contains($"escalated to {supervisor} (level 1)", escalations[0], StringComparison.Ordinal);
        Assert.Contains("(level 2)", escalations[1], StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the temp folder is cleaned up by the OS.
        }
    }
}
