namespace SmartCity.Api.Mqtt;

/// <summary>
/// MQTT ingest (configuration section "Mqtt"): with no <see cref="BrokerHost"/> the twin runs its own
/// broker; with one it subscribes to that broker instead. Either way readings go through the same
/// validation as POST /api/readings.
/// </summary>
public sealed class MqttOptions
{
    public const string Section = "Mqtt";

    public bool Enabled { get; set; } = true;

    /// <summary>An existing broker (e.g. Mosquitto) to subscribe to; empty runs the embedded broker.</summary>
    public string? BrokerHost { get; set; }

    public int BrokerPort { get; set; } = 1883;

    /// <summary>Where the embedded broker listens. Loopback by default: it has no TLS, so keys would cross the network in clear.</summary>
    public string EmbeddedAddress { get; set; } = "127.0.0.1";

    /// <summary>Port of the embedded broker; 0 lets the system pick a free one (tests).</summary>
    public int EmbeddedPort { get; set; } = 1883;

    /// <summary>
    /// The twin's client id at the broker, which keeps its session (subscriptions, queued QoS 1
    /// readings) across reconnects; every silo needs its own.
    /// </summary>
    public string ClientId { get; set; } = $"smartcity-{Environment.MachineName}";

    /// <summary>
    /// The twin's credentials at the external broker. The embedded broker ignores them: there every sensor
    /// connects with its own API key, and the twin with a secret of its own (docs/security.md).
    /// </summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>First topic level(s) of every reading topic, e.g. "city" in city/XH/bay/XH-0001-01/occupancy.</summary>
    public string TopicPrefix { get; set; } = "city";

    public bool UsesEmbeddedBroker => string.IsNullOrWhiteSpace(BrokerHost);
}
