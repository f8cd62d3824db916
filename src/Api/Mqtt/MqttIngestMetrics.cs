using System.Diagnostics.Metrics;
using SmartCity.Api.Readings;
using SmartCity.Grains.Readings;
using SmartCity.Grains.Telemetry;

namespace SmartCity.Api.Mqtt;

/// <summary>
/// Counts of MQTT messages and readings, as instruments on the "SmartCity" meter for an exporter and
/// as running totals for the twin itself. A message is accepted when any of its readings was (as
/// HTTP answers 200) and rejected when none was (as HTTP answers 400). What the embedded broker refuses
/// before the twin sees it (connections, subscriptions, messages out of a key's scope or over its rate)
/// is counted apart, by reason.
/// </summary>
public sealed class MqttIngestMetrics
{
    private readonly Counter<long> _messages;
    private readonly Counter<long> _readings;
    private readonly Counter<long> _refused;
    private long _messagesAccepted;
    private long _messagesRejected;
    private long _readingsRejected;
    private long _connectionsRefused;
    private long _subscriptionsRefused;
    private long _messagesOutOfScope;
    private long _messagesOverRate;

    public MqttIngestMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(SmartCityMeter.Name);
        _messages = meter.CreateCounter<long>("smartcity.mqtt.messages", "{message}", "MQTT messages on reading topics, by outcome (accepted, rejected).");
        _readings = meter.CreateCounter<long>("smartcity.mqtt.readings", "{reading}", "Readings received over MQTT, by outcome (applied, outdated, duplicate, rejected).");
        _refused = meter.CreateCounter<long>("smartcity.mqtt.refused", "{refusal}",
            "What the embedded broker refused, by reason (connection, subscription, out_of_scope, over_rate).");
    }

    public long MessagesAccepted => Interlocked.Read(ref _messagesAccepted);

    public long MessagesRejected => Interlocked.Read(ref _messagesRejected);

    public long ReadingsRejected => Interlocked.Read(ref _readingsRejected);

    public long ConnectionsRefused => Interlocked.Read(ref _connectionsRefused);

    public long SubscriptionsRefused => Interlocked.Read(ref _subscriptionsRefused);

    /// <summary>Messages dropped because they were not on a reading topic or named an entity the sender's key may not write.</summary>
    public long MessagesOutOfScope => Interlocked.Read(ref _messagesOutOfScope);

    /// <summary>Messages dropped because their sender was over its rate limit.</summary>
    public long MessagesOverRate => Interlocked.Read(ref _messagesOverRate);

    public void ConnectionRefused() => Refused(ref _connectionsRefused, "connection");

    public void SubscriptionRefused() => Refused(ref _subscriptionsRefused, "subscription");

    public void MessageOutOfScope() => Refused(ref _messagesOutOfScope, "out_of_scope");

    public void MessageOverRate() => Refused(ref _messagesOverRate, "over_rate");

    public void Accepted(IReadOnlyList<ReadingOutcome> outcomes, int readingsRejected)
    {
        Interlocked.Increment(ref _messagesAccepted);
        _messages.Add(1, new KeyValuePair<string, object?>("outcome", "accepted"));
        foreach (var (outcome, count) in outcomes.CountBy(outcome => outcome))
        {
            _readings.Add(count, new KeyValuePair<string, object?>("outcome", ReadingBatch.OutcomeName(outcome)));
        }
        CountRejectedReadings(readingsRejected);
    }

    /// <summary>Nothing in the message was applied; <paramref name="readingsRejected"/> is 0 when it held no readable reading at all.</summary>
    public void Rejected(int readingsRejected)
    {
        Interlocked.Increment(ref _messagesRejected);
        _messages.Add(1, new KeyValuePair<string, object?>("outcome", "rejected"));
        CountRejectedReadings(readingsRejected);
    }

    private void Refused(ref long total, string reason)
    {
        Interlocked.Increment(ref total);
        _refused.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    private void CountRejectedReadings(int count)
    {
        if (count == 0) return;
        Interlocked.Add(ref _readingsRejected, count);
        _readings.Add(count, new KeyValuePair<string, object?>("outcome", "rejected"));
    }
}
