using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using SmartCity.Api.Mqtt;
using SmartCity.Api.Security;
using SmartCity.TestSupport;

namespace SmartCity.Api.Tests.Mqtt;

/// <summary>
/// A twin with MQTT on, either its embedded broker on a port the system picks, or the external broker given.
/// Each sensor gets a key of its own subject, so the low per-key rate limit set here (to test it) is each
/// test's alone; and one key is revoked by the twin's settings.
/// </summary>
public class MqttTwinFixture : TwinFixture
{
    /// <summary>Messages one key may publish per window (the per-caller ingest limit); a test sensor sends far fewer, but for the rate test.</summary>
    public const int MessagesPerKey = 20;

    // Declared before the keys it issues: static fields are set in the order written.
    private static readonly TokenIssuer TestIssuer = new(
        SigningKey.FromBase64(TestCredentials.SigningKey, "the tests"), new SecurityOptions(), TimeProvider.System);

    /// <summary>A sensor key for every bay that the twin lists as revoked.</summary>
    public static readonly string RevokedKey = SensorKey("revoked-gateway", "bay:*");

    private readonly int? _externalBrokerPort;

    public MqttTwinFixture()
    {
    }

    /// <summary>A twin that subscribes at a broker already listening on 127.0.0.1 at this port.</summary>
    protected MqttTwinFixture(int externalBrokerPort) => _externalBrokerPort = externalBrokerPort;

    public MqttTopics Topics => Services.GetRequiredService<MqttTopics>();

    public MqttIngestMetrics Counts => Services.GetRequiredService<MqttIngestMetrics>();

    public MqttIngestService Subscriber => Services.GetRequiredService<MqttIngestService>();

    /// <summary>The twin's own client id at the broker.</summary>
    public string TwinClientId => Services.GetRequiredService<IOptions<MqttOptions>>().Value.ClientId;

    /// <summary>The port sensors publish to.</summary>
    public int BrokerPort => _externalBrokerPort ?? Services.GetRequiredService<EmbeddedMqttBroker>().LocalEndPoint!.Port;

    protected override IEnumerable<string> ExtraArguments =>
    [
        "--Mqtt:Enabled=true",
        $"--Mqtt:ClientId=smartcity-test-{Guid.NewGuid():N}",
        $"--Hardening:RateLimits:Ingest:PerCaller={MessagesPerKey}",
        "--Hardening:RateLimits:Ingest:Window=01:00:00",
        $"--Security:RevokedIds:0={new JsonWebToken(RevokedKey).Id}",
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

    /// <summary>
    /// A sensor connected to this twin's broker, once the twin itself is subscribed there, with a key of a
    /// subject of its own for the entities given (every entity that takes readings when none are given).
    /// </summary>
    public async Task<MqttSensor> SensorAsync(params string[] entities)
    {
        await SubscribedAsync();
        string subject = $"gateway-{Guid.NewGuid():N}";
        return await MqttSensor.ConnectAsync(BrokerPort, subject, SensorKey(subject, entities.Length > 0 ? entities : ["bay:*", "carpark:*", "facility:*", "official:*"]));
    }

    /// <summary>An API key with the role sensor, as `token --role sensor --entities ... --key` issues it.</summary>
    public static string SensorKey(string subject, params string[] entities) =>
        TestIssuer.Issue(new Credential(subject, [Roles.Sensor], entities, null));

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
