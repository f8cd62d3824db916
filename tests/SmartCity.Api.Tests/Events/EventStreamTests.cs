using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace SmartCity.Api.Tests.Events;

/// <summary>The live feed: Server-Sent Events of what is logged, filtered, resumable with Last-Event-ID.</summary>
[Collection(SharedTwin.Name)]
public sealed class EventStreamTests(TwinFixture twin)
{
    private sealed record SseEvent(long Id, string Type, JsonElement Data);

    /// <summary>Opens the stream and reads events until <paramref name="count"/> arrived or the time is up.</summary>
    private async Task<List<SseEvent>> ReadStreamAsync(string query, int count, Func<Task> whileListening, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/events/stream{query}");
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await twin.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        var events = new List<SseEvent>();
        long id = 0;
        string type = "";
        bool listening = false;
        while (events.Count < count && await reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal)) id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            else if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) events.Add(new SseEvent(id, type, JsonDocument.Parse(line[6..]).RootElement.Clone()));
            else if (line == ": listening" && !listening)
            {
                // The replay (if any) is over and the stream follows live events: now the test acts.
                listening = true;
                await whileListening();
            }
        }
        return events;
    }

    [Fact]
    public async Task Stream_sends_new_readings_of_the_chosen_grid_as_they_are_logged()
    {
        var cell = twin.TakeGridCell();
        var bays = twin.City.MembersOf(cell.Id).ParkingBays;
        var elsewhere = twin.TakeBay();

        var events = await ReadStreamAsync($"?type=reading&grid={cell.Id}", 2, () => twin.ApplyAsync(
            TwinFixture.Reading(elsewhere.Id, "occupancy", true, twin.SecondsAgo(3)),
            TwinFixture.Reading(bays[0].Id, "occupancy", true, twin.SecondsAgo(2)),
            TwinFixture.Reading(bays[1].Id, "occupancy", true, twin.SecondsAgo(1))));

        Assert.Equal([bays[0].Id, bays[1].Id], events.Select(e => e.Data.GetProperty("entityId").GetString()));
        Assert.All(events, e => Assert.Equal("reading", e.Type));
        Assert.True(events[0].Id < events[1].Id);
    }

    [Fact]
    public async Task Resuming_with_Last_Event_ID_replays_what_came_after_it_then_follows_live()
    {
        var bay = twin.TakeBay();
        await twin.ApplyAsync(TwinFixture.Reading(bay.Id, "occupancy", true, twin.SecondsAgo(30)));
        var seen = await ReadStreamAsync($"?entity={bay.Id}", 1, () => twin.ApplyAsync(TwinFixture.Reading(bay.Id, "occupancy", false, twin.SecondsAgo(20))));
        // Disconnected: two readings go by unseen.
        await twin.ApplyAsync(
            TwinFixture.Reading(bay.Id, "occupancy", true, twin.SecondsAgo(10)),
            TwinFixture.Reading(bay.Id, "occupancy", false, twin.SecondsAgo(5)));

        var resumed = await ReadStreamAsync($"?entity={bay.Id}", 3, () => twin.ApplyAsync(TwinFixture.Reading(bay.Id, "occupancy", true, twin.SecondsAgo(1))),
            lastEventId: seen[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(new[] { twin.SecondsAgo(10), twin.SecondsAgo(5), twin.SecondsAgo(1) }.Select(t => DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture)),
            resumed.Select(e => e.Data.GetProperty("eventTime").GetDateTimeOffset()));
        Assert.True(resumed.All(e => e.Id > seen[0].Id));
    }

    [Theory]
    [InlineData("?type=weather", "type")]
    [InlineData("?district=district:ZZ", "district")]
    [InlineData("?grid=grid:nowhere", "grid")]
    [InlineData("?lastEventId=abc", "lastEventId")]
    public async Task Bad_stream_request_is_refused_naming_the_parameter(string query, string field)
    {
        using var response = await twin.Http.GetAsync($"/api/events/stream{query}");

        await ProblemAssert.NamesFieldsAsync(response, field);
    }
}
