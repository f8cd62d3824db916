using System.Collections;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace SmartCity.Api.Mqtt;

/// <summary>
/// The broker the twin runs itself when no external one is configured (MQTTnet.Server), so sensors can
/// publish to the twin with nothing else installed. It listens on one address only, loopback by default,
/// and enforces <see cref="MqttAccess"/>: every client connects with a key, publishes only within its
/// key's scope and rate, and only the twin subscribes to readings.
/// </summary>
public sealed class EmbeddedMqttBroker(
    IOptions<MqttOptions> options,
    MqttAccess access,
    MqttPublishLimits limits,
    MqttIngestMetrics metrics,
    ILogger<EmbeddedMqttBroker> logger) : IDisposable
{
    private const string SenderItem = "smartcity.sender";
    private const string LastRateWarningItem = "smartcity.last-rate-warning";

    private MqttServer? _server;

    /// <summary>Where the twin's own subscriber reaches the broker once it runs; null before then.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>Messages the broker holds for one subscriber before it drops the oldest.</summary>
    public const int MaxPendingMessagesPerClient = 250;

    /// <summary>
    /// Starts listening. A port already taken (say, by a Mosquitto installed on this machine) is logged
    /// and leaves the twin running without MQTT rather than refusing to start it.
    /// </summary>
    public async Task<bool> TryStartAsync()
    {
        var settings = options.Value;
        var address = IPAddress.Parse(settings.EmbeddedAddress);
        bool v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        var serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(settings.EmbeddedPort)
            .WithDefaultEndpointBoundIPAddress(v6 ? IPAddress.None : address)
            .WithDefaultEndpointBoundIPV6Address(v6 ? address : IPAddress.None)
            // Messages waiting for one subscriber (the twin) are bounded: when ingest falls behind,
            // the broker drops the oldest instead of growing without end (MQTTnet's default is the
            // same bound, stated here so the memory ceiling in docs/soak.md does not rest on it).
            .WithMaxPendingMessagesPerClient(MaxPendingMessagesPerClient)
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(serverOptions);
        server.ValidatingConnectionAsync += ValidateConnection;
        server.ClientConnectedAsync += RememberSender;
        server.InterceptingPublishAsync += InterceptPublish;
        server.InterceptingSubscriptionAsync += InterceptSubscription;
        try
        {
            await server.StartAsync();
        }
        catch (SocketException error)
        {
            server.Dispose();
            logger.LogError(
                "MQTT: the embedded broker cannot listen on {Address}:{Port} ({Reason}); the twin runs without MQTT. Set Mqtt:EmbeddedPort, Mqtt:BrokerHost or Mqtt:Enabled=false",
                address, settings.EmbeddedPort, error.Message);
            return false;
        }
        _server = server;
        // Port 0 asks the system for a free port; the endpoint options then hold the one it gave.
        var reachable = address.Equals(IPAddress.Any) ? IPAddress.Loopback : address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : address;
        LocalEndPoint = new IPEndPoint(reachable, serverOptions.DefaultEndpointOptions.Port);
        logger.LogInformation("MQTT: embedded broker listening on {Address}:{Port}", address, LocalEndPoint.Port);
        return true;
    }

    public async Task StopAsync()
    {
        if (_server is { IsStarted: true } server) await server.StopAsync(new MqttServerStopOptions());
    }

    public void Dispose() => _server?.Dispose();

    private async Task ValidateConnection(ValidatingConnectionEventArgs connection)
    {
        // MQTT 5 lets a client leave its id to the broker (section 3.1.3.1), as mosquitto_pub does; 3.1.1 clients must name one.
        if (string.IsNullOrEmpty(connection.ClientId)) connection.AssignedClientIdentifier = $"auto-{Guid.NewGuid():N}";
        var verdict = await access.CheckConnectAsync(connection.Password);
        // The twin's client id would hand its session, subscriptions and queued readings included, to whoever takes it over.
        if (verdict.Sender is { IsTwin: false } && connection.ClientId == options.Value.ClientId)
        {
            verdict = MqttConnectVerdict.Refused(MqttConnectReasonCode.ClientIdentifierNotValid, "the client id is the twin's own");
        }
        if (verdict.Sender is null)
        {
            connection.ReasonCode = verdict.Refusal;
            metrics.ConnectionRefused();
            logger.LogWarning("MQTT: refused a connection from {Address} as client {ClientId}: {Reason}",
                connection.RemoteEndPoint, MqttTopics.ForLog(connection.ClientId ?? ""), verdict.Why);
        }
    }

    /// <summary>
    /// Records who this connection is in its session, before its first packet is read. A session taken over
    /// or resumed under the same client id keeps the items of the connection before it, so they are
    /// replaced here: the newcomer must not inherit the earlier key's rights.
    /// </summary>
    private async Task RememberSender(ClientConnectedEventArgs connected)
    {
        connected.SessionItems.Remove(SenderItem);
        var verdict = await access.CheckConnectAsync(connected.Password);
        if (verdict.Sender is { } sender) connected.SessionItems[SenderItem] = sender;
    }

    private Task InterceptPublish(InterceptingPublishEventArgs publish)
    {
        var message = publish.ApplicationMessage;
        // No sender known (should not happen once connected): nothing gets through.
        if (publish.SessionItems[SenderItem] is not MqttSender sender)
        {
            Drop(publish, MqttPubAckReasonCode.NotAuthorized);
            return Task.CompletedTask;
        }
        if (!limits.TryTake(sender))
        {
            Drop(publish, MqttPubAckReasonCode.QuotaExceeded);
            metrics.MessageOverRate();
            WarnOverRate(publish.SessionItems, sender);
            return Task.CompletedTask;
        }
        if (access.PublishRefusal(sender, message.Topic, message.Payload) is { } refusal)
        {
            Drop(publish, MqttPubAckReasonCode.NotAuthorized);
            metrics.MessageOutOfScope();
            logger.LogWarning("MQTT: dropped a message from {Sender} on {Topic}: {Reason}", MqttTopics.ForLog(sender.Name), MqttTopics.ForLog(message.Topic), refusal);
            return Task.CompletedTask;
        }
        // An answer may go only where the sender alone can read it, not to another sensor's answer topics.
        if (!string.IsNullOrEmpty(message.ResponseTopic) && !MqttAccess.MayBeAnsweredOn(sender, message.ResponseTopic)) message.ResponseTopic = null;
        return Task.CompletedTask;
    }

    private Task InterceptSubscription(InterceptingSubscriptionEventArgs subscription)
    {
        var sender = subscription.SessionItems[SenderItem] as MqttSender;
        if (sender is not null && MqttAccess.MaySubscribe(sender, subscription.TopicFilter.Topic)) return Task.CompletedTask;
        subscription.ProcessSubscription = false;
        subscription.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
        metrics.SubscriptionRefused();
        logger.LogWarning("MQTT: refused {Sender} a subscription to {Filter}",
            MqttTopics.ForLog(sender?.Name ?? subscription.ClientId), MqttTopics.ForLog(subscription.TopicFilter.Topic));
        return Task.CompletedTask;
    }

    private static void Drop(InterceptingPublishEventArgs publish, MqttPubAckReasonCode reason)
    {
        // MQTT 5 senders of QoS 1 and 2 see the reason in their PUBACK/PUBREC; MQTT 3.1.1 has no way to say it.
        publish.ProcessPublish = false;
        publish.Response.ReasonCode = reason;
    }

    /// <summary>One warning per connection every ten seconds at most: a flood over the limit must not flood the log too.</summary>
    private void WarnOverRate(IDictionary sessionItems, MqttSender sender)
    {
        long now = Environment.TickCount64;
        if (sessionItems[LastRateWarningItem] is long last && now - last < 10_000) return;
        sessionItems[LastRateWarningItem] = now;
        logger.LogWarning("MQTT: {Sender} is over its rate limit; its messages are dropped until the window turns", MqttTopics.ForLog(sender.Name));
    }
}
