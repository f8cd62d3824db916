using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace SmartCity.Api.Tests.Mqtt;

/// <summary>
/// A sensor gateway with a real MQTT client, connected with its API key as the password. It publishes
/// readings as a device would (QoS 1, no reply asked for), or asks: publishes with an MQTT 5 response topic
/// of its own (under answers/{its key's subject}/, the only topics it may subscribe to) and waits for the twin's answer.
/// </summary>
public sealed class MqttSensor : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly string _replyTopic;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _asked = new();

    private MqttSensor(IMqttClient client, string subject) =>
        (_client, _replyTopic) = (client, $"answers/{subject}/{Guid.NewGuid():N}");

    public IMqttClient Client => _client;

    /// <summary>Where this sensor listens for the twin's answers.</summary>
    public string ReplyTopic => _replyTopic;

    /// <summary>Connects with the key (subject as the user name) and listens for answers; fails the test when the broker refuses.</summary>
    public static async Task<MqttSensor> ConnectAsync(int port, string subject, string key, string? clientId = null)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var sensor = new MqttSensor(client, subject);
        client.ApplicationMessageReceivedAsync += sensor.OnAnswer;
        try
        {
            var connected = await client.ConnectAsync(Options(port, clientId ?? $"sensor-{Guid.NewGuid():N}").WithCredentials(subject, key).Build());
            Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
            var granted = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(f => f.WithTopic(sensor._replyTopic)).Build());
            Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS0, granted.Items.Single().ResultCode);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        return sensor;
    }

    /// <summary>A CONNECT as an MQTT 5 client on 127.0.0.1 sends it, before any credentials.</summary>
    public static MqttClientOptionsBuilder Options(int port, string clientId) => new MqttClientOptionsBuilder()
        .WithTcpServer("127.0.0.1", port)
        .WithClientId(clientId)
        .WithProtocolVersion(MqttProtocolVersion.V500)
        .WithTimeout(TimeSpan.FromSeconds(10));

    public Task PublishAsync(string topic, string payload) => PublishAsync(topic, Encoding.UTF8.GetBytes(payload));

    public async Task PublishAsync(string topic, byte[] payload)
    {
        var reason = await TryPublishAsync(topic, payload);
        Assert.True(reason == MqttClientPublishReasonCode.Success, $"The broker refused the message: {reason}");
    }

    /// <summary>Publishes with QoS 1 and returns the broker's PUBACK reason: Success, or why it dropped the message.</summary>
    public Task<MqttClientPublishReasonCode> TryPublishAsync(string topic, string payload) => TryPublishAsync(topic, Encoding.UTF8.GetBytes(payload));

    public async Task<MqttClientPublishReasonCode> TryPublishAsync(string topic, byte[] payload)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        return (await _client.PublishAsync(message)).ReasonCode;
    }

    /// <summary>Publishes asking for the answer on a topic this sensor does not listen to.</summary>
    public async Task PublishWithResponseTopicAsync(string topic, string payload, string responseTopic)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithResponseTopic(responseTopic)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await _client.PublishAsync(message);
    }

    public Task<JsonElement> AskAsync(string topic, string payload) => AskAsync(topic, Encoding.UTF8.GetBytes(payload));

    /// <summary>Publishes and returns the twin's answer: what POST /api/readings would have answered.</summary>
    public async Task<JsonElement> AskAsync(string topic, byte[] payload)
    {
        string correlation = Guid.NewGuid().ToString("N");
        var answer = _asked[correlation] = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithResponseTopic(_replyTopic)
            .WithCorrelationData(Encoding.UTF8.GetBytes(correlation))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await _client.PublishAsync(message);
        return await answer.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected) await _client.DisconnectAsync(new MqttClientDisconnectOptions());
        _client.Dispose();
    }

    private Task OnAnswer(MqttApplicationMessageReceivedEventArgs received)
    {
        var message = received.ApplicationMessage;
        string correlation = message.CorrelationData is { } data ? Encoding.UTF8.GetString(data) : "";
        if (_asked.TryRemove(correlation, out var answer))
        {
            using var document = JsonDocument.Parse(message.Payload);
            answer.TrySetResult(document.RootElement.Clone());
        }
        return Task.CompletedTask;
    }
}
