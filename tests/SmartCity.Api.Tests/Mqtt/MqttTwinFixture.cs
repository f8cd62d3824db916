using Microsoft.Extensions.DependencyInjection;
using SmartCity.Api.Mqtt;

namespace SmartCity.Api.Tests.Mqtt;

/// <summary>A twin with MQTT on, either its embedded broker on a port the system picks, or the external broker given.</summary>
public class MqttTwinFixture : TwinFixture
{
    private readonly int? _externalBrokerPort;

    public MqttTwinFixture()
    {
    }

    /// <summary>A twin that subscribes at a broker already listening on 127.0.0.1 at this port.</summary>
    protected MqttTwinFixture(int externalBrokerPort) => _externalBrokerPort = externalBrokerPort;

    public MqttTopics Topics => Services.GetRequiredService<MqttTopics>();

    public MqttIngestMetrics Counts => Services.GetRequiredService<MqttIngestMetrics>();

    public MqttIngestService Subscriber => Services.GetRequiredService<MqttIngestService>();

    /// <summary>The port sensors publish to.</summary>
    public int BrokerPort => _externalBrokerPort ?? Services.GetRequiredService<EmbeddedMqttBroker>().LocalEndPoint!.Port;

    protected override IEnumerable<string> ExtraArguments =>
    [
        "--Mqtt:Enabled=true",
        $"--Mqtt:ClientId=smartcity-test-{Guid.NewGuid():N}",
        .. _externalBrokerPort is { } port
            ? new[] { "--Mqtt:BrokerHost=127.0.0.1", $"--Mqtt:BrokerPort={port}" }
            : ["--Mqtt:EmbeddedPort=0"],
    ];

    /// <summary>Waits until the twin is subscribed (it subscribes once started, and again after losing the broker).</summary>
    public async Task SubscribedAsync(bool subscribed = true)
    {
        bool reached = await EventuallyAsync(() => Task.FromResult(Subscriber.IsSubscribed), s => s == subscribed, TimeSpan.FromSeconds(20));
        Assert.True(reached == subscribed, subscribed ? "The twin never subscribed at the broker." : "The twin never noticed the broker was gone.");
    }

    /// <summary>A sensor connected to this twin's broker, once the twin itself is subscribed there.</summary>
    public async Task<MqttSensor> SensorAsync()
    {
        await SubscribedAsync();
        return await MqttSensor.ConnectAsync(BrokerPort);
    }

    /// <summary>One reading as a sensor publishes it on its entity's topic: the entity and type are in the topic.</summary>
    public static string Payload(object value, string observedAt, string? readingId = null) =>
        System.Text.Json.JsonSerializer.Serialize(new { readingId = readingId ?? NewReadingId(), value, observedAt });
}

/// <summary>Tests that publish to one twin's embedded broker; they run one at a time, so counts before and after are theirs.</summary>
[CollectionDefinition(Name)]
public sealed class MqttTwin : ICollectionFixture<MqttTwinFixture>
{
    public const string Name = "Twin with an embedded MQTT broker";
}
