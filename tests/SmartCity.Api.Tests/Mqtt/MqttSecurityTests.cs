using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;
using MQTTnet.Protocol;
using SmartCity.Api.Security;
using SmartCity.TestSupport;
using static SmartCity.Api.Tests.Mqtt.MqttTwinFixture;

namespace SmartCity.Api.Tests.Mqtt;

/// <summary>The embedded broker keeps HTTP ingest's rules: keys, roles, entity scope, the per-key rate, and no eavesdropping.</summary>
[Collection(MqttTwin.Name)]
public sealed class MqttSecurityTests(MqttTwinFixture twin)
{
    public static TheoryData<string, MqttClientConnectResultCode> RefusedCredentials => new()
    {
        { "no credential", MqttClientConnectResultCode.BadUserNameOrPassword },
        { "forged key", MqttClientConnectResultCode.BadUserNameOrPassword },
        { "expired token", MqttClientConnectResultCode.BadUserNameOrPassword },
        { "revoked key", MqttClientConnectResultCode.BadUserNameOrPassword },
        { "citizen token", MqttClientConnectResultCode.NotAuthorized },
    };

    [Theory]
    [MemberData(nameof(RefusedCredentials))]
    public async Task Connection_without_a_valid_sensor_key_is_refused_and_counted(string credential, MqttClientConnectResultCode expected)
    {
        await twin.SubscribedAsync();
        long refusedBefore = twin.Counts.ConnectionsRefused;
        var options = MqttSensor.Options(twin.BrokerPort, $"sensor-{Guid.NewGuid():N}");
        if (Password(credential) is { } password) options.WithCredentials("gateway-1", password);
        using var client = new MqttClientFactory().CreateMqttClient();

        var answer = await client.ConnectAsync(options.Build());

        Assert.Equal(expected, answer.ResultCode);
        Assert.False(client.IsConnected);
        Assert.Equal(refusedBefore + 1, twin.Counts.ConnectionsRefused);
    }

    [Fact]
    public async Task A_sensor_key_cannot_take_the_twins_client_id()
    {
        await twin.SubscribedAsync();
        var options = MqttSensor.Options(twin.BrokerPort, twin.TwinClientId).WithCredentials("gateway-1", SensorKey("gateway-1", "bay:*"));
        using var client = new MqttClientFactory().CreateMqttClient();

        var answer = await client.ConnectAsync(options.Build());

        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, answer.ResultCode);
        Assert.True(twin.Subscriber.IsSubscribed);
    }

    [Fact]
    public async Task A_key_for_one_bay_applies_that_bays_reading_and_not_another_bays()
    {
        var (mine, other, freeId) = (twin.TakeBay().Id, twin.TakeBay().Id, TwinFixture.NewReadingId());
        await using var sensor = await twin.SensorAsync(mine);
        long outOfScopeBefore = twin.Counts.MessagesOutOfScope;

        var toOther = await sensor.TryPublishAsync(twin.Topics.TopicOf(other, "occupancy")!, Payload("occupied", twin.SecondsAgo(3)));
        var batchNamingOther = await sensor.TryPublishAsync(twin.Topics.BatchTopic, JsonSerializer.Serialize(new[]
        {
            TwinFixture.Reading(mine, "occupancy", "occupied", twin.SecondsAgo(3)),
            TwinFixture.Reading(other, "occupancy", "occupied", twin.SecondsAgo(3)),
        }));
        await sensor.PublishAsync(twin.Topics.TopicOf(mine, "occupancy")!, Payload("free", twin.SecondsAgo(2), freeId));

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, toOther);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, batchNamingOther);
        Assert.Equal(outOfScopeBefore + 2, twin.Counts.MessagesOutOfScope);
        Assert.Equal("free", await BayStatusEventuallyAsync(mine, "free"));
        // The refused batch's reading for its own bay was not applied either: "free" is the bay's only reading.
        Assert.Equal([freeId], (await HistoryAsync(mine)).Select(e => e.GetProperty("data").GetProperty("readingId").GetString()));
        Assert.Equal("unknown", await BayStatusAsync(other));
        Assert.Empty(await HistoryAsync(other));
    }

    [Fact]
    public async Task A_key_that_takes_over_another_keys_session_gets_only_its_own_rights()
    {
        var (mine, other) = (twin.TakeBay().Id, twin.TakeBay().Id);
        string clientId = $"shared-{Guid.NewGuid():N}";
        // Clean start off: the second connection takes over the first one's session, which the broker keeps.
        MqttClientOptions SameSession(string subject, string key) => MqttSensor.Options(twin.BrokerPort, clientId)
            .WithCredentials(subject, key).WithCleanStart(false).WithSessionExpiryInterval(3600).Build();
        using var wide = new MqttClientFactory().CreateMqttClient();
        Assert.Equal(MqttClientConnectResultCode.Success, (await wide.ConnectAsync(SameSession("wide", SensorKey("wide", "bay:*")))).ResultCode);
        using var narrow = new MqttClientFactory().CreateMqttClient();
        var takenOver = await narrow.ConnectAsync(SameSession("narrow", SensorKey("narrow", mine)));

        var toOther = await narrow.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(twin.Topics.TopicOf(other, "occupancy")!)
            .WithPayload(Payload("occupied", twin.SecondsAgo(2))).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        Assert.True(takenOver.IsSessionPresent);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, toOther.ReasonCode);
        Assert.Equal("unknown", await BayStatusAsync(other));
    }

    [Fact]
    public async Task A_sensor_may_publish_on_reading_topics_only()
    {
        await using var sensor = await twin.SensorAsync();

        var elsewhere = await sensor.TryPublishAsync($"answers/gateway-1/{Guid.NewGuid():N}", "{\"accepted\":1}");

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, elsewhere);
    }

    [Fact]
    public async Task Readings_over_mqtt_land_in_the_event_log_as_over_http()
    {
        string bay = twin.TakeBay().Id, readingId = TwinFixture.NewReadingId();
        await using var sensor = await twin.SensorAsync(bay);

        await sensor.PublishAsync(twin.Topics.TopicOf(bay, "occupancy")!, Payload("occupied", twin.SecondsAgo(4), readingId));

        var logged = await TwinFixture.EventuallyAsync(() => HistoryAsync(bay), history => history.Length > 0);
        var reading = Assert.Single(logged);
        Assert.Equal("reading", reading.GetProperty("type").GetString());
        Assert.Equal(readingId, reading.GetProperty("data").GetProperty("readingId").GetString());
        Assert.Equal("applied", reading.GetProperty("data").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_sensor_cannot_subscribe_to_readings_or_to_another_sensors_answers()
    {
        string bay = twin.TakeBay().Id;
        await using var eavesdropper = await twin.SensorAsync();
        await using var sensor = await twin.SensorAsync(bay);
        var overheard = new List<string>();
        eavesdropper.Client.ApplicationMessageReceivedAsync += message =>
        {
            lock (overheard) overheard.Add(message.ApplicationMessage.Topic);
            return Task.CompletedTask;
        };
        long refusedBefore = twin.Counts.SubscriptionsRefused;
        string[] filters = ["#", $"{twin.Topics.Prefix}/#", twin.Topics.Filters[0], twin.Topics.BatchTopic, "answers/#", "answers/gateway-1/#"];

        var granted = await eavesdropper.Client.SubscribeAsync(
            filters.Aggregate(new MqttClientSubscribeOptionsBuilder(), (builder, filter) => builder.WithTopicFilter(f => f.WithTopic(filter))).Build());
        await sensor.AskAsync(twin.Topics.TopicOf(bay, "occupancy")!, Payload("occupied", twin.SecondsAgo(1)));

        Assert.All(granted.Items, item => Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, item.ResultCode));
        Assert.Equal(refusedBefore + filters.Length, twin.Counts.SubscriptionsRefused);
        Assert.Equal("occupied", await BayStatusEventuallyAsync(bay, "occupied"));
        await Task.Delay(300);
        lock (overheard) Assert.Empty(overheard);
    }

    [Fact]
    public async Task The_twin_never_answers_onto_another_sensors_answer_topic()
    {
        string bay = twin.TakeBay().Id;
        await using var victim = await twin.SensorAsync();
        await using var sender = await twin.SensorAsync(bay);
        int received = 0;
        victim.Client.ApplicationMessageReceivedAsync += _ =>
        {
            Interlocked.Increment(ref received);
            return Task.CompletedTask;
        };

        await sender.PublishWithResponseTopicAsync(twin.Topics.TopicOf(bay, "occupancy")!, Payload("occupied", twin.SecondsAgo(1)), victim.ReplyTopic);

        Assert.Equal("occupied", await BayStatusEventuallyAsync(bay, "occupied"));
        await Task.Delay(300);
        Assert.Equal(0, Volatile.Read(ref received));
    }

    [Fact]
    public async Task A_will_message_for_an_entity_outside_the_key_is_dropped_too()
    {
        var (mine, other) = (twin.TakeBay().Id, twin.TakeBay().Id);
        await twin.SubscribedAsync();
        long outOfScopeBefore = twin.Counts.MessagesOutOfScope;
        var client = new MqttClientFactory().CreateMqttClient();
        var options = MqttSensor.Options(twin.BrokerPort, $"sensor-{Guid.NewGuid():N}")
            .WithCredentials("gateway-will", SensorKey("gateway-will", mine))
            .WithWillTopic(twin.Topics.TopicOf(other, "occupancy")!)
            .WithWillPayload(Payload("occupied", twin.SecondsAgo(1)))
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        Assert.Equal(MqttClientConnectResultCode.Success, (await client.ConnectAsync(options.Build())).ResultCode);

        // Gone without DISCONNECT: the broker sends the will.
        client.Dispose();

        Assert.Equal(outOfScopeBefore + 1, await TwinFixture.EventuallyAsync(() => Task.FromResult(twin.Counts.MessagesOutOfScope), n => n > outOfScopeBefore));
        Assert.Equal("unknown", await BayStatusAsync(other));
    }

    [Fact]
    public async Task Messages_over_the_keys_rate_are_dropped_and_counted()
    {
        string bay = twin.TakeBay().Id, late = TwinFixture.NewReadingId();
        await using var sensor = await twin.SensorAsync(bay);
        long overBefore = twin.Counts.MessagesOverRate;
        string topic = twin.Topics.TopicOf(bay, "occupancy")!;

        for (int i = 0; i < MessagesPerKey; i++)
        {
            await sensor.PublishAsync(topic, Payload(i % 2 == 0 ? "occupied" : "free", twin.SecondsAgo(100 - i)));
        }
        var over = await sensor.TryPublishAsync(topic, Payload("occupied", twin.SecondsAgo(1), late));
        var overAgain = await sensor.TryPublishAsync(topic, Payload("occupied", twin.SecondsAgo(1), late));

        Assert.Equal(MqttClientPublishReasonCode.QuotaExceeded, over);
        Assert.Equal(MqttClientPublishReasonCode.QuotaExceeded, overAgain);
        Assert.Equal(overBefore + 2, twin.Counts.MessagesOverRate);
        var history = await TwinFixture.EventuallyAsync(() => HistoryAsync(bay), h => h.Length >= MessagesPerKey);
        Assert.Equal(MessagesPerKey, history.Length);
        Assert.DoesNotContain(history, e => e.GetProperty("data").GetProperty("readingId").GetString() == late);
        // Another key's allowance is its own.
        await using var other = await twin.SensorAsync(bay);
        await other.PublishAsync(topic, Payload("occupied", twin.SecondsAgo(1), late));
    }

    private static string? Password(string credential)
    {
        var yesterday = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-1));
        return credential switch
        {
            "no credential" => null,
            "forged key" => new TokenIssuer(SigningKey.FromBase64(SigningKey.NewBase64(), "test"), new SecurityOptions(), TimeProvider.System)
                .Issue(new Credential("gateway-1", [Roles.Sensor], ["bay:*"], null)),
            "expired token" => new TokenIssuer(SigningKey.FromBase64(TestCredentials.SigningKey, "test"), new SecurityOptions(), yesterday)
                .Issue(new Credential("gateway-1", [Roles.Sensor], ["bay:*"], TimeSpan.FromHours(1))),
            "revoked key" => RevokedKey,
            "citizen token" => TestCredentials.Token("citizen-1", [Roles.Citizen]),
            _ => throw new ArgumentOutOfRangeException(nameof(credential), credential, null),
        };
    }

    private async Task<JsonElement[]> HistoryAsync(string entityId) =>
        [.. (await twin.GetAsync($"/api/history/{entityId}")).EnumerateArray()];

    private async Task<string?> BayStatusEventuallyAsync(string bay, string status) =>
        (await TwinFixture.EventuallyAsync(() => twin.GetAsync($"/api/parking/bays/{bay}"), b => b.GetProperty("status").GetString() == status))
            .GetProperty("status").GetString();

    private async Task<string?> BayStatusAsync(string bay) => (await twin.GetAsync($"/api/parking/bays/{bay}")).GetProperty("status").GetString();
}
