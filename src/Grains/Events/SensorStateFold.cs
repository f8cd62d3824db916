using System.Text.Json;
using System.Text.Json.Serialization;
using SmartCity.Grains.City;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Officials;
using SmartCity.Grains.Parking;
using SmartCity.Grains.Readings;

namespace SmartCity.Grains.Events;

/// <summary>
/// A sensor entity's readings folded from the event log: per reading type, the reading observed
/// last. The fold gives the same state whatever order the events come in and however often, which
/// is what lets it start from a snapshot. From it, the kind's view at a time is computed by the
/// same code as the live view (<see cref="ParkingBayView.Of"/> and the others).
/// </summary>
public sealed class SensorStateFold
{
    /// <summary>Raised when the stored shape changes: snapshots of another version are then not used.</summary>
    private const int Version = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public Dictionary<ReadingType, LatestReading> Latest { get; private init; } = [];

    /// <summary>When the sensor was last heard from, whatever it said; null when never.</summary>
    public DateTimeOffset? LastHeardAt => Latest.Count == 0 ? null : Latest.Values.Max(r => r.ObservedAt);

    /// <summary>Takes one logged event of the entity; anything but a reading changes nothing.</summary>
    public void Apply(LoggedEvent e)
    {
        if (e.Type != EventTypes.Reading) return;
        var reading = JsonSerializer.Deserialize<LoggedReading>(e.Payload, Json)
            ?? throw new InvalidOperationException($"Event {e.Sequence} is a reading without a payload.");
        var candidate = new LatestReading(reading.Value, reading.ObservedAt, reading.ReadingId, e.Sequence);
        if (!Latest.TryGetValue(reading.Type, out var held) || candidate.Supersedes(held)) Latest[reading.Type] = candidate;
    }

    public string ToJson() => JsonSerializer.Serialize(new Stored(Version, Latest), Json);

    /// <summary>The fold a snapshot holds; null when the snapshot is of another version.</summary>
    public static SensorStateFold? FromJson(string json)
    {
        var stored = JsonSerializer.Deserialize<Stored>(json, Json);
        return stored is { V: Version, Latest: not null } ? new SensorStateFold { Latest = stored.Latest } : null;
    }

    /// <summary>A sensor track that has heard exactly the readings folded: it says whether the sensor was silent at a time.</summary>
    public SensorTrack Track(string entityId)
    {
        var track = new SensorTrack();
        track.RegisterAll(Readings(entityId), _ => { });
        return track;
    }

    public ParkingBayView ViewOf(ParkingBayDefinition bay, CityMap city, DateTimeOffset time, TimeSpan silenceLimit)
    {
        var state = new ParkingBayState();
        state.Sensor.RegisterAll(Readings(bay.Id), state.Apply);
        return ParkingBayView.Of(bay, state, city, time, silenceLimit);
    }

    public CarParkView ViewOf(CarParkDefinition carPark, CityMap city, DateTimeOffset time, TimeSpan silenceLimit)
    {
        var state = new CarParkState();
        state.Sensor.RegisterAll(Readings(carPark.Id), state.Apply);
        return CarParkView.Of(carPark, state, city, time, silenceLimit);
    }

    public FacilityView ViewOf(FacilityDefinition facility, CityMap city, DateTimeOffset time, TimeSpan silenceLimit)
    {
        var state = new FacilityState();
        state.Sensor.RegisterAll(Readings(facility.Id), state.Apply);
        return FacilityView.Of(facility, state, city, time, silenceLimit);
    }

    public OfficialView ViewOf(OfficialDefinition official, CityMap city)
    {
        var state = new OfficialState();
        state.Sensor.RegisterAll(Readings(official.Id), state.Apply);
        return OfficialView.Of(official, state, city);
    }

    /// <summary>
    /// The latest reading of each type, oldest first, as the entity's grain would take them: each is
    /// the newest of its type, so each is applied. What the grain derives from a history (when a bay's
    /// status last changed) is not in the fold, and the views computed here do not hold it correctly.
    /// </summary>
    private Reading[] Readings(string entityId) =>
    [
        .. Latest.OrderBy(r => r.Value.ObservedAt).ThenBy(r => r.Value.Sequence)
            .Select(r => new Reading(r.Value.ReadingId, entityId, r.Key, r.Value.Value, r.Value.ObservedAt)),
    ];

    /// <summary>A reading's payload as ReadingIngest logs it.</summary>
    private sealed record LoggedReading(string ReadingId, ReadingType Type, int Value, DateTimeOffset ObservedAt);

    private sealed record Stored(int V, Dictionary<ReadingType, LatestReading>? Latest);
}

/// <summary>The reading of one type that counts at a time, and where it is in the log.</summary>
public sealed record LatestReading(int Value, DateTimeOffset ObservedAt, string ReadingId, long Sequence)
{
    /// <summary>
    /// The later observation wins; of two observed at the same time, the one logged first, as in the
    /// twin, which takes the first and calls a later one with the same time outdated.
    /// </summary>
    public bool Supersedes(LatestReading other) =>
        ObservedAt > other.ObservedAt || (ObservedAt == other.ObservedAt && Sequence < other.Sequence);
}
