using System.Text.Json;

namespace SmartCity.Silo.Tests.StorageFaults;

/// <summary>What a running twin's event log holds, read through its export (JSON lines).</summary>
public sealed class LoggedEvents
{
    /// <summary>How often each reading id is in the log.</summary>
    public Dictionary<string, int> Readings { get; } = new(StringComparer.Ordinal);

    /// <summary>Ids of the reports whose submission is in the log.</summary>
    public HashSet<string> SubmittedReports { get; } = new(StringComparer.Ordinal);

    public static async Task<LoggedEvents> ReadAsync(HttpClient http)
    {
        var logged = new LoggedEvents();
        using var response = await http.GetAsync(new Uri("/api/events/export?format=jsonl", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0) continue;
            using var document = JsonDocument.Parse(line);
            var e = document.RootElement;
            var data = e.GetProperty("data");
            switch (e.GetProperty("type").GetString())
            {
                case "reading":
                    string id = data.GetProperty("readingId").GetString()!;
                    logged.Readings[id] = logged.Readings.GetValueOrDefault(id) + 1;
                    break;
                case "report" when data.GetProperty("step").GetInt32() == 1:
                    logged.SubmittedReports.Add(data.GetProperty("reportId").GetString()!);
                    break;
            }
        }
        return logged;
    }
}
