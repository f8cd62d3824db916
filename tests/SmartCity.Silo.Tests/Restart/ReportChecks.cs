using System.Net.Http.Json;
using System.Text.Json;

namespace SmartCity.Silo.Tests.Restart;

/// <summary>What the process-level tests ask of a running twin about its reports, and how they wait for it.</summary>
public static class ReportChecks
{
    /// <summary>The texts of the report's escalation events, oldest first.</summary>
    public static async Task<string[]> Escalations(HttpClient http, string id)
    {
        var report = await http.GetFromJsonAsync<JsonElement>($"/api/reports/{id}");
        return [.. report.GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "escalated")
            .Select(e => e.GetProperty("text").GetString()!)];
    }

    public static async Task WaitUntil(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not true within {within.TotalSeconds:0} s.");
            await Task.Delay(250);
        }
    }
}
