using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartCity.Api.Readings;
using SmartCity.Api.Security;
using SmartCity.TestSupport;

namespace SmartCity.Api.Tests.Hardening;

/// <summary>Body size limits and request timeouts: 413 and 504 with problem details; ingest and streams get room.</summary>
[Collection(HardenedTwin.Name)]
public sealed class RequestLimitTests(HardenedTwinFixture twin)
{
    [Fact]
    public async Task Declared_body_over_the_limit_is_refused_with_413_before_it_is_sent()
    {
        var answer = await twin.SendRawAsync("POST", "/api/reports", HardenedTwinFixture.MaxBodyBytes + 1, bodyStart: "");

        Assert.Equal(413, answer.Status);
        Assert.Equal(ProblemAssert.MediaType, answer.Headers["Content-Type"].Split(';')[0]);
        Assert.Contains("\"body\"", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chunked_body_that_grows_over_the_limit_is_refused_with_413_naming_body()
    {
        using var client = twin.NewClient();
        // No length given: the twin only learns the size while reading, and stops at the limit.
        using var content = new StreamContent(new MemoryStream(new byte[HardenedTwinFixture.MaxBodyBytes * 2]));
        content.Headers.ContentType = new("application/octet-stream");

        using var response = await client.PostAsync(new Uri("/api/ping", UriKind.Relative), content);

        var body = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        ProblemAssert.AssertNamesFields(body.GetProperty("errors"), "body");
    }

    [Fact]
    public async Task Reading_batch_larger_than_other_bodies_may_be_is_accepted()
    {
        using var client = twin.NewClient().SignedIn(SensorKey());
        var bay = twin.TakeBay();
        var readings = Enumerable.Range(0, 100)
            .Select(i => TwinFixture.Reading(bay.Id, "occupancy", i % 2 == 0, TwinFixture.Iso(twin.Now.AddSeconds(-200 + i))))
            .ToArray();
        string json = JsonSerializer.Serialize(readings);
        Assert.True(json.Length > HardenedTwinFixture.MaxBodyBytes, "The batch must be bigger than the general limit.");

        using var response = await client.PostAsync(new Uri("/api/readings", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Reading_batch_declared_over_the_ingest_limit_is_refused_with_413()
    {
        var answer = await twin.SendRawAsync("POST", "/api/readings", ReadingsEndpoints.MaxBodyBytes + 1, bodyStart: "[", SensorHeader());

        Assert.Equal(413, answer.Status);
        Assert.Contains("\"body\"", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_whose_body_stalls_past_the_timeout_gets_504_and_changes_nothing()
    {
        var bay = twin.TakeBay();
        string reading = JsonSerializer.Serialize(TwinFixture.Reading(bay.Id, "occupancy", true, twin.SecondsAgo(1)));
        var started = DateTime.UtcNow;

        // A whole reading, then the body stops short of its declared length.
        var answer = await twin.SendRawAsync("POST", "/api/readings", reading.Length + 100, "[" + reading, SensorHeader());

        Assert.Equal(504, answer.Status);
        Assert.Equal(ProblemAssert.MediaType, answer.Headers["Content-Type"].Split(';')[0]);
        Assert.Contains("\"status\":504", answer.Body, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"The request took too long.\"", answer.Body, StringComparison.Ordinal);
        Assert.InRange(DateTime.UtcNow - started, HardenedTwinFixture.Timeout - TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(15));
        var view = await twin.Http.GetFromJsonAsync<JsonElement>($"/api/parking/bays/{bay.Id}");
        Assert.Equal("unknown", view.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Event_stream_outlives_the_request_timeout()
    {
        using var client = twin.NewClient();
        var bay = twin.TakeBay();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync(new Uri($"/api/events/stream?entity={bay.Id}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        while (await reader.ReadLineAsync(cancel.Token) is { } line && line != ": listening") { }

        await Task.Delay(HardenedTwinFixture.Timeout + TimeSpan.FromSeconds(2), cancel.Token);
        using var sensor = twin.NewClient().SignedIn(SensorKey());
        using var posted = await sensor.PostAsJsonAsync("/api/readings", new[] { TwinFixture.Reading(bay.Id, "occupancy", true, twin.SecondsAgo(1)) }, cancel.Token);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        string? data = null;
        while (data is null && await reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
        }
        Assert.NotNull(data);
        Assert.Equal(bay.Id, JsonDocument.Parse(data).RootElement.GetProperty("entityId").GetString());
    }

    /// <summary>A gateway's key of its own: ingest needs the sensor role, and limits count per caller.</summary>
    private static string SensorKey() => TestCredentials.Token("gateway-" + Guid.NewGuid().ToString("N"), [Roles.Sensor], "bay:*");

    private static string SensorHeader() => $"Authorization: Bearer {SensorKey()}\r\n";
}
