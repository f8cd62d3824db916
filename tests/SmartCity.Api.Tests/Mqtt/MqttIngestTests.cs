using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using static SmartCity.Api.Tests.Mqtt.MqttTwinFixture;

namespace SmartCity.Api.Tests.Mqtt;

[Collection(MqttTwin.Name)]
public sealed class MqttIngestTests(MqttTwinFixture twin)
{
    [Fact]
    public async Task Bay_occupancy_published_on_the_bays_topic_changes_the_bay()
    {
        string bay = twin.TakeBay().Id;
        await using var sensor = await twin.SensorAsync();

        await sensor.PublishAsync(twin.Topics.TopicOf(bay, "occupancy")!, Payload("occupied", twin.SecondsAgo(5)));

        Assert.Equal("occupied", await BayStatusEventuallyAsync(bay, "occupied"));
        Assert.Equal(twin.Now.AddSeconds(-5), (await BayAsync(bay)).GetProperty("statusSince").GetDateTimeOffset());
    }

    [Fact]
    public async Task Reading_on_an_entitys_topic_is_answered_as_http_answers_it()
    {
        string bay = twin.TakeBay().Id, readingId = TwinFixture.NewReadingId();
        await using var sensor = await twin.SensorAsync();

        var first = await sensor.AskAsync(twin.Topics.TopicOf(bay, "occupancy")!, Payload(true, twin.SecondsAgo(3), readingId));
        var again = await sensor.AskAsync(twin.Topics.TopicOf(bay, "occupancy")!, Payload(true, twin.SecondsAgo(3), readingId));

        Assert.Equal((1, 0), (first.GetProperty("accepted").GetInt32(), first.GetProperty("rejected").GetInt32()));
        Assert.Equal(["applied"], Statuses(first));
        Assert.Equal(readingId, first.GetProperty("results")[0].GetProperty("readingId").GetString());
        Assert.Equal(["duplicate"], Statuses(again));
        Assert.Equal("occupied", await BayStatusEventuallyAsync(bay, "occupied"));
    }

    [Fact]
    public async Task Batch_on_the_batch_topic_applies_every_reading()
    {
        var (bay, carPark) = (twin.TakeBay().Id, twin.TakeCarPark());
        await using var sensor = await twin.SensorAsync();
        string batch = JsonSerializer.Serialize(new
        {
            readings = new[]
            {
                TwinFixture.Reading(bay, "occupancy", "free", twin.SecondsAgo(4)),
                TwinFixture.Reading(carPark.Id, "count", carPark.Capacity / 2, twin.SecondsAgo(4)),
            },
        });

        var answer = await sensor.AskAsync(twin.Topics.BatchTopic, batch);

        Assert.Equal(["applied", "applied"], Statuses(answer));
        Assert.Equal("free", await BayStatusEventuallyAsync(bay, "free"));
        Assert.Equal(carPark.Capacity / 2, (await twin.GetAsync($"/api/parking/carparks/{carPark.Id}")).GetProperty("occupied").GetInt32());
    }

    [Fact]
    public async Task Batch_with_a_bad_reading_applies_the_good_ones_and_counts_the_bad_one()
    {
        var (good, bad) = (twin.TakeBay().Id, twin.TakeBay().Id);
        await using var sensor = await twin.SensorAsync();
        long rejectedBefore = twin.Counts.ReadingsRejected;
        string batch = JsonSerializer.Serialize(new[]
        {
            TwinFixture.Reading(good, "occupancy", "occupied", twin.SecondsAgo(2)),
            TwinFixture.Reading(bad, "occupancy", 7, twin.SecondsAgo(2)),
        });

        var answer = await sensor.AskAsync(twin.Topics.BatchTopic, batch);

        Assert.Equal(["applied", "rejected"], Statuses(answer));
        Assert.Equal(["readings[1].value"], answer.GetProperty("results")[1].GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(rejectedBefore + 1, twin.Counts.ReadingsRejected);
        Assert.Equal("occupied", await BayStatusEventuallyAsync(good, "occupied"));
        Assert.Equal("unknown", await BayStatusAsync(bad));
    }

    public static TheoryData<string> BadMessages =>
    [
        "malformed JSON", "JSON nested too deep", "not an object", "unknown entity", "wrong district", "kind that takes no readings",
        "unknown reading type", "value out of range", "observed in the future", "payload naming another entity", "huge payload",
    ];

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task Bad_message_is_rejected_naming_the_fault_is_counted_changes_nothing_and_the_next_one_applies(string fault)
    {
        var bay = twin.TakeBay();
        await using var sensor = await twin.SensorAsync();
        var (topic, payload, field) = BadMessage(fault, bay.Id);
        var (acceptedBefore, rejectedBefore) = (twin.Counts.MessagesAccepted, twin.Counts.MessagesRejected);

        var answer = await sensor.AskAsync(topic, payload);

        Assert.Equal(400, answer.GetProperty("status").GetInt32());
        Assert.Equal([field], answer.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal((acceptedBefore, rejectedBefore + 1), (twin.Counts.MessagesAccepted, twin.Counts.MessagesRejected));
        Assert.Equal("unknown", await BayStatusAsync(bay.Id));

        await sensor.PublishAsync(twin.Topics.TopicOf(bay.Id, "occupancy")!, Payload("occupied", twin.SecondsAgo(1)));
        Assert.Equal("occupied", await BayStatusEventuallyAsync(bay.Id, "occupied"));
    }

    [Fact]
    public async Task Messages_are_counted_by_outcome_on_the_SmartCity_meter_and_their_readings_with_all_readings()
    {
        string bay = twin.TakeBay().Id;
        await using var sensor = await twin.SensorAsync();
        var counted = new ConcurrentQueue<(string Instrument, long Value, string? Outcome)>();
        var meters = twin.Services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener
        {
            // Only this twin's meter: other twins in the test run have meters of the same name.
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "SmartCity" && instrument.Meter.Scope == meters
                    && (instrument.Name.StartsWith("smartcity.mqtt.", StringComparison.Ordinal) || instrument.Name == "smartcity.readings"))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? outcome = null;
            foreach (var tag in tags) if (tag.Key == "outcome") outcome = tag.Value as string;
            counted.Enqueue((instrument.Name, value, outcome));
        });
        listener.Start();

        await sensor.AskAsync(twin.Topics.TopicOf(bay, "occupancy")!, Payload("free", twin.SecondsAgo(1)));
        await sensor.AskAsync(twin.Topics.TopicOf(bay, "occupancy")!, "not json");

        Assert.Equal(
            [
                ("smartcity.readings", 1L, "accepted"), ("smartcity.mqtt.messages", 1L, "accepted"), ("smartcity.mqtt.readings", 1L, "applied"),
                ("smartcity.mqtt.messages", 1L, "rejected"),
            ],
            counted.ToArray());
    }

    [Fact]
    public async Task Answer_is_never_published_onto_a_reading_topic()
    {
        string bay = twin.TakeBay().Id;
        await using var sensor = await twin.SensorAsync();
        long messagesBefore = twin.Counts.MessagesAccepted + twin.Counts.MessagesRejected;

        // A hostile response topic: the twin's answer would come back to it as a reading message.
        await sensor.PublishWithResponseTopicAsync(twin.Topics.TopicOf(bay, "occupancy")!, Payload("free", twin.SecondsAgo(1)), twin.Topics.BatchTopic);

        Assert.Equal("free", await BayStatusEventuallyAsync(bay, "free"));
        await Task.Delay(300);
        Assert.Equal(messagesBefore + 1, twin.Counts.MessagesAccepted + twin.Counts.MessagesRejected);
    }

    private (string Topic, byte[] Payload, string Field) BadMessage(string fault, string bayId)
    {
        string topic = twin.Topics.TopicOf(bayId, "occupancy")!;
        string district = topic.Split('/')[1];
        string Good() => Payload("occupied", twin.SecondsAgo(1));
        byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
        return fault switch
        {
            "malformed JSON" => (topic, Utf8("{\"readingId\": \"r1\", \"value\": "), "body"),
            "JSON nested too deep" => (topic, Utf8(new string('[', 40) + new string(']', 40)), "body"),
            "not an object" => (topic, Utf8("[1, 2, 3]"), "readings[0]"),
            "unknown entity" => ($"{twin.Topics.Prefix}/{district}/bay/{district}-NO-SUCH-BAY/occupancy", Utf8(Good()), "topic"),
            "wrong district" => (topic.Replace($"/{district}/", $"/{OtherDistrictThan(district)}/", StringComparison.Ordinal), Utf8(Good()), "topic"),
            "kind that takes no readings" => ($"{twin.Topics.Prefix}/{district}/grid/{district}-0001/occupancy", Utf8(Good()), "topic"),
            "unknown reading type" => (topic[..topic.LastIndexOf('/')] + "/colour", Utf8(Good()), "topic"),
            "value out of range" => (topic, Utf8(Payload(2, twin.SecondsAgo(1))), "readings[0].value"),
            "observed in the future" => (topic, Utf8(Payload("free", twin.Stamp(TimeSpan.FromHours(1)))), "readings[0].observedAt"),
            "payload naming another entity" => (topic, Utf8(JsonSerializer.Serialize(
                new { readingId = TwinFixture.NewReadingId(), entityId = twin.TakeBay().Id, value = "free", observedAt = twin.SecondsAgo(1) })), "readings[0].entityId"),
            "huge payload" => (topic, Utf8(JsonSerializer.Serialize(new { readingId = "r", value = "free", observedAt = twin.SecondsAgo(1), note = new string('x', 256 * 1024) })), "body"),
            _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, null),
        };
    }

    private string OtherDistrictThan(string districtCode) =>
        twin.City.Definition.Districts.Select(d => d.Id["district:".Length..]).First(code => code != districtCode);

    private async Task<string?> BayStatusEventuallyAsync(string bay, string status) =>
        (await TwinFixture.EventuallyAsync(() => BayAsync(bay), b => b.GetProperty("status").GetString() == status)).GetProperty("status").GetString();

    private Task<JsonElement> BayAsync(string bay) => twin.GetAsync($"/api/parking/bays/{bay}");

    private async Task<string?> BayStatusAsync(string bay) => (await BayAsync(bay)).GetProperty("status").GetString();

    private static string[] Statuses(JsonElement answer) =>
        [.. answer.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString() ?? "")];
}
