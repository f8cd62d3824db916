using System.Diagnostics.Metrics;
using SmartCity.Api.Readings;
using SmartCity.Grains.Readings;
using SmartCity.Grains.Telemetry;

namespace SmartCity.Api.Mqtt;

/// <summary>
/// Counts of MQTT messages and readings, as instruments on the "SmartCity" meter for an exporter and
/// as running totals for the twin itself. A message is accepted when any of its readings was (as
/// HTTP answers 200) and rejected when none was (as HTTP answers 400).
/// </summary>
public sealed class MqttIngestMetrics
{
    private readonly Counter<long> _messages;
    private readonly Counter<long> _readings;
    private long _messagesAccepted;
    private long _messagesRejected;
    private long _readingsRejected;

    public MqttIngestMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(SmartCityMeter.Name);
        _messages = meter.CreateCounter<long>("smartcity.mqtt.messages", "{message}", "MQTT messages on reading topics, by outcome (accepted, rejected).");
        _readings = meter.CreateCounter<long>("smartcity.mqtt.readings", "{reading}", "Readings received over MQTT, by outcome (applied, outdated, duplicate, rejected).");
    }

    public long MessagesAccepted => Interlocked.Read(ref _messagesAccepted);

    public long MessagesRejected => Interlocked.Read(ref _messagesRejected);

    public long ReadingsRejected => Interlocked.Read(ref _readingsRejected);

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

    private void CountRejectedReadings(int count)
    {
        if (count == 0) return;
        Interlocked.Add(ref _readingsRejected, count);
        _readings.Add(count, new KeyValuePair<string, object?>("outcome", "rejected"));
    }
}
