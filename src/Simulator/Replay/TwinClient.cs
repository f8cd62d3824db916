using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace SmartCity.Simulator.Replay;

/// <summary>
/// Talks to a twin over its HTTP API, as any client would: a replay goes through the same ingest
/// path whether the twin runs in this process or on another machine. Every call's latency is recorded.
/// </summary>
public sealed class TwinClient(HttpClient http)
{
    /// <summary>What became of each reading of a batch: its status, or for a rejected one the fields at fault.</summary>
    public sealed record ReadingAnswer(string Status, IReadOnlyDictionary<string, string> Errors);

    public sealed record CallResult(bool Ok, string? Problem, JsonElement Body);

    /// <summary>POST /api/readings with the readings' data plus their entity ids; one answer per reading, in order.</summary>
    public async Task<ReadingAnswer[]> PostReadingsAsync(IReadOnlyList<ReplayEvent> readings, List<double> latencies, CancellationToken ct)
    {
        var body = new MemoryStream();
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartArray();
            foreach (var reading in readings)
            {
                json.WriteStartObject();
                json.WriteString("entityId", reading.EntityId);
                foreach (var member in reading.Data.EnumerateObject())
                {
                    // What the log said became of it is not part of the reading.
                    if (member.NameEquals("outcome") || member.NameEquals("entityId")) continue;
                    member.WriteTo(json);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        body.Position = 0;
        using var content = new StreamContent(body);
        content.Headers.ContentType = new("application/json");
        long started = Stopwatch.GetTimestamp();
        using var response = await http.PostAsync("/api/readings", content, ct);
        var answer = await ReadJsonAsync(response, ct);
        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        var answers = new ReadingAnswer[readings.Count];
        if (response.IsSuccessStatusCode)
        {
            foreach (var result in answer.GetProperty("results").EnumerateArray())
            {
                int index = result.GetProperty("index").GetInt32();
                answers[index] = new ReadingAnswer(result.GetProperty("status").GetString()!, ErrorsOf(result, $"readings[{index}]."));
            }
            return answers;
        }
        if (response.StatusCode == HttpStatusCode.BadRequest && answer.TryGetProperty("errors", out var errors))
        {
            // Every reading was rejected: the problem lists the fields at fault as readings[i].field.
            for (int i = 0; i < answers.Length; i++)
            {
                string prefix = $"readings[{i}].";
                var own = errors.EnumerateObject()
                    .Where(e => e.Name.StartsWith(prefix, StringComparison.Ordinal) || e.Name == $"readings[{i}]")
                    .ToDictionary(e => e.Name.StartsWith(prefix, StringComparison.Ordinal) ? e.Name[prefix.Length..] : "reading", e => FirstMessage(e.Value));
                answers[i] = new ReadingAnswer("rejected", own);
            }
            return answers;
        }
        string problem = $"HTTP {(int)response.StatusCode} {Title(answer)}";
        Array.Fill(answers, new ReadingAnswer("failed", new Dictionary<string, string> { ["request"] = problem }));
        return answers;
    }

    public Task<CallResult> PostAsync(string path, object body, List<double> latencies, CancellationToken ct) =>
        TimedAsync(() => http.PostAsJsonAsync(path, body, ct), latencies, ct);

    public Task<CallResult> GetAsync(string path, List<double> latencies, CancellationToken ct) =>
        TimedAsync(() => http.GetAsync(path, ct), latencies, ct);

    private static async Task<CallResult> TimedAsync(Func<Task<HttpResponseMessage>> send, List<double> latencies, CancellationToken ct)
    {
        long started = Stopwatch.GetTimestamp();
        using var response = await send();
        var body = await ReadJsonAsync(response, ct);
        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return response.IsSuccessStatusCode
            ? new CallResult(true, null, body)
            : new CallResult(false, ProblemText(response.StatusCode, body), body);
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        string text = await response.Content.ReadAsStringAsync(ct);
        if (text.Length == 0) return default;
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>"HTTP 400 location: ..." — the status and the first field at fault, short enough to count by.</summary>
    private static string ProblemText(HttpStatusCode status, JsonElement body)
    {
        var text = new StringBuilder().Append("HTTP ").Append((int)status);
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            foreach (var error in errors.EnumerateObject())
            {
                return text.Append(' ').Append(error.Name).Append(": ").Append(FirstMessage(error.Value)).ToString();
            }
        }
        return text.Append(' ').Append(Title(body)).ToString();
    }

    private static Dictionary<string, string> ErrorsOf(JsonElement result, string prefix) =>
        result.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
            ? errors.EnumerateObject().ToDictionary(e => e.Name.StartsWith(prefix, StringComparison.Ordinal) ? e.Name[prefix.Length..] : e.Name, e => FirstMessage(e.Value))
            : new Dictionary<string, string>();

    private static string FirstMessage(JsonElement messages) =>
        messages.ValueKind == JsonValueKind.Array && messages.GetArrayLength() > 0 ? messages[0].GetString() ?? "" : messages.ToString();

    private static string Title(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("title", out var title) ? title.GetString() ?? "" : "";
}
