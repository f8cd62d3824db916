using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartCity.Grains.City;

namespace SmartCity.Api.Tests.Reports;

/// <summary>Files and works reports over HTTP as a citizen's app and an official's tablet do, asserting each call succeeded.</summary>
internal static class ReportCalls
{
    /// <summary>
    /// A grid cell no other test has taken whose official answers for no other cell, so the
    /// official's worklist, figures and leaderboard entry hold only what the test itself filed.
    /// </summary>
    public static GridCellDefinition TakeReportCell(this TwinFixture twin, Func<GridCellDefinition, bool>? where = null) =>
        twin.Take(
            twin.City.Definition.GridCells.Where(c => twin.City.GridsByOfficial[c.OfficialId].Count == 1 && (where is null || where(c))),
            c => c.Id);

    /// <summary>A report body as a citizen's app sends it, at the centroid of the cell.</summary>
    public static Dictionary<string, object?> NewReport(GridCellDefinition cell, string category = "garbage", string? citizenId = null) => new()
    {
        ["category"] = category,
        ["description"] = $"Bins overflowing in {cell.Name}.",
        ["location"] = new { lat = cell.Boundary.Centroid.Lat, lon = cell.Boundary.Centroid.Lon },
        ["citizenId"] = citizenId,
    };

    /// <summary>Files a report and returns the report as the answer shows it (asserting 201).</summary>
    public static async Task<JsonElement> FileAsync(this TwinFixture twin, GridCellDefinition cell, string category = "garbage", string? citizenId = null)
    {
        using var response = await twin.Http.PostAsJsonAsync("/api/reports", NewReport(cell, category, citizenId));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement;
    }

    public static async Task<string> FileIdAsync(this TwinFixture twin, GridCellDefinition cell, string category = "garbage", string? citizenId = null) =>
        Id(await twin.FileAsync(cell, category, citizenId));

    /// <summary>POST /api/reports/{id}/{action} that must succeed; returns the report after it.</summary>
    public static async Task<JsonElement> ActAsync(this TwinFixture twin, string id, string action, object body)
    {
        using var response = await twin.Http.PostAsJsonAsync($"/api/reports/{id}/{action}", body);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    public static Task<JsonElement> AcknowledgeAsync(this TwinFixture twin, string id, string actorId, string? text = null) =>
        twin.ActAsync(id, "acknowledge", new { actorId, text });

    public static Task<JsonElement> ResolveAsync(this TwinFixture twin, string id, string actorId, string resolution = "Bins emptied and the pavement swept.") =>
        twin.ActAsync(id, "resolve", new { actorId, resolution });

    public static Task<JsonElement> RateAsync(this TwinFixture twin, string id, int stars, string? citizenId = null) =>
        twin.ActAsync(id, "rating", new { citizenId, stars });

    public static Task<HttpResponseMessage> PostAsync(this TwinFixture twin, string path, object body) =>
        twin.Http.PostAsJsonAsync(path, body);

    /// <summary>Posts text as it is, for bodies no serializer would write.</summary>
    public static Task<HttpResponseMessage> PostRawAsync(this TwinFixture twin, string path, string json) =>
        twin.Http.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>The answer's text exactly as sent, asserting 200: for comparing before and after, and for searching.</summary>
    public static async Task<string> TextAsync(this TwinFixture twin, string path)
    {
        using var response = await twin.Http.GetAsync(new Uri(path, UriKind.Relative));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {body}");
        return body;
    }

    /// <summary>How many reports the whole city has had: a count that any wrongly filed report would raise.</summary>
    public static async Task<int> ReportsInCityAsync(this TwinFixture twin) =>
        (await twin.GetAsync("/api/city/performance")).GetProperty("allTime").GetProperty("reported").GetInt32();

    public static string Id(JsonElement report) => report.GetProperty("id").GetString()!;

    public static string[] Ids(JsonElement list, string property = "id") =>
        [.. list.EnumerateArray().Select(r => r.GetProperty(property).GetString()!)];

    public static string Status(JsonElement report) => report.GetProperty("status").GetString()!;

    public static JsonElement[] Events(JsonElement report) => [.. report.GetProperty("events").EnumerateArray()];
}
