using System.Diagnostics.Metrics;
using SmartCity.Grains.Readings;
using SmartCity.Grains.Telemetry;

namespace SmartCity.Api.Readings;

/// <summary>
/// The reading instruments of the SmartCity meter: readings received by type and outcome, and the time
/// to answer a batch. Labels stay bounded: a rejected reading that names no known type counts as "other".
/// </summary>
public sealed class ReadingMetrics
{
    public const string OtherType = "other";

    private static readonly Dictionary<ReadingType, string> TypeNames =
        Enum.GetValues<ReadingType>().ToDictionary(type => type, type => JsonNames.CamelCase(type.ToString()));

    private static readonly HashSet<string> KnownTypeNames = new(TypeNames.Values, StringComparer.Ordinal);

    // A batch of one answers in about a millisecond, a full batch of 10,000 in well under ten seconds.
    private static readonly double[] BatchBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Counter<long> _readings;
    private readonly Histogram<double> _batchDuration;
    private readonly Counter<long> _shed;
    private readonly Counter<long> _shedUnread;

    public ReadingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(SmartCityMeter.Name);
        _readings = meter.CreateCounter<long>(
            "smartcity.readings", "{reading}",
            "Sensor readings received, by type and outcome: accepted (valid, sent to its entity) or rejected (answered with the fields at fault).");
        _batchDuration = meter.CreateHistogram(
            "smartcity.readings.ingest.duration", "s", "Time to answer one POST /api/readings batch, from its first byte read to its results.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = BatchBuckets });
        _shed = meter.CreateCounter<long>(
            "smartcity.readings.shed", "{reading}",
            "Valid readings turned away with 503 because the twin had as many in flight as it may hold; the sender sends them again.");
        _shedUnread = meter.CreateCounter<long>(
            "smartcity.readings.shed.unread", "{request}",
            "Batches turned away with 503 before their body was read, the twin being full; their readings are counted nowhere else.");
    }

    /// <summary>Counts valid readings turned away for load (they were counted accepted when validated).</summary>
    public void Shed(int readings) => _shed.Add(readings);

    /// <summary>Counts a batch turned away before it was read (how many readings it held is not known).</summary>
    public void ShedUnread() => _shedUnread.Add(1);

    /// <summary>Counts one batch: accepted readings by their type, rejected ones by the type they named.</summary>
    public void Counted(IReadOnlyList<Reading> accepted, IReadOnlyList<string?> rejectedTypeNames)
    {
        foreach (var (type, count) in accepted.CountBy(reading => reading.Type)) Add(count, TypeNames[type], "accepted");
        foreach (var (name, count) in rejectedTypeNames.CountBy(TypeLabel)) Add(count, name, "rejected");
    }

    public void BatchAnswered(TimeSpan elapsed) => _batchDuration.Record(elapsed.TotalSeconds);

    /// <summary>The label of a type as a sensor named it: the name when it is a reading type, otherwise "other".</summary>
    public static string TypeLabel(string? typeName) =>
        typeName is not null && KnownTypeNames.Contains(typeName) ? typeName : OtherType;

    private void Add(int count, string type, string outcome) =>
        _readings.Add(count, new KeyValuePair<string, object?>("type", type), new KeyValuePair<string, object?>("outcome", outcome));
}
