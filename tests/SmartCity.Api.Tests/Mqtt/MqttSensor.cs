using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace SmartCity.Api.Tests.Mqtt;

/// <summary>
/// A sensor gateway with a real MQTT client. It publishes readings as a device would (QoS 1, no reply
/// asked for), or asks: publishes with an MQTT 5 response topic of its own and waits for the twin's answer.
/// </summary>
public sealed class MqttSensor : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly string _replyTopic = $"gateways/{Guid.NewGuid():N}/answers";
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _asked = new();

    private MqttSensor(IMqttClient client) => _client = client;

    public static async Task<MqttSensor> ConnectAsync(int port)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var sensor = new MqttSensor(client);
        client.ApplicationMessageReceivedAsync += sensor.OnAnswer;
        await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId($"sensor-{Guid.NewGuid():N}")
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .Build());
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(f => f.WithTopic(sensor._replyTopic)).Build());
        return sensor;
    }

    public Task PublishAsync(string topic, string payload) => PublishAsync(topic, Encoding.UTF8.GetBytes(payload));

    public async Task PublishAsync(string topic, byte[] payload)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var result = await _client.PublishAsync(message);
        Assert.True(result.IsSuccess, $"The broker refused the message: {result.ReasonCode}");
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
