using SmartCity.Grains.City;
using SmartCity.Grains.Geo;
using SmartCity.Grains.Readings;

namespace SmartCity.Grains.Facilities;

/// <summary>A public facility: toilet, service hall, clinic, school, police post.</summary>
[Alias("IFacilityGrain")]
public interface IFacilityGrain : IReadingTargetGrain
{
    [Alias("Get")]
    Task<FacilityView> GetAsync();
}

/// <summary>A facility now. Sensor figures are null while its sensor is silent.</summary>
[GenerateSerializer, Immutable, Alias("FacilityView")]
public sealed record FacilityView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] FacilityKind Kind,
    [property: Id(3)] string GridCellId,
    [property: Id(4)] GeoPoint Location,
    [property: Id(5)] int Capacity,
    [property: Id(6)] string OpeningHours,
    [property: Id(7)] bool OpenByHours,
    [property: Id(8)] FacilityStatus Status,
    [property: Id(9)] bool HasSensor,
    [property: Id(10)] int? Occupancy,
    [property: Id(11)] int? QueueLength,
    [property: Id(12)] DateTimeOffset? LastHeardAt)
{
    /// <summary>The facility as seen at <paramref name="now"/>: the live view, and the event log's view of a past moment.</summary>
    public static FacilityView Of(FacilityDefinition facility, FacilityState state, CityMap city, DateTimeOffset now, TimeSpan silenceLimit)
    {
        bool silent = state.Sensor.IsSilent(now, silenceLimit);
        bool openByHours = facility.OpeningHours.IsOpenAt(city.LocalTime(now));
        var status = FacilityStatusRule.Decide(facility.HasSensor, silent ? null : state.Condition, openByHours);
        return new FacilityView(
            facility.Id, facility.Name, facility.Kind, city.GridCellOf(facility.Id), facility.Location,
            facility.Capacity, facility.OpeningHours.Text, openByHours, status, facility.HasSensor,
            silent ? null : state.Occupancy, silent ? null : state.QueueLength, state.Sensor.LastHeardAt);
    }
}

/// <summary>Persisted state of a facility's sensor.</summary>
[GenerateSerializer, Alias("FacilityState")]
public sealed class FacilityState
{
    [Id(0)] public SensorTrack Sensor { get; set; } = new();
    [Id(1)] public FacilityCondition Condition { get; set; } = FacilityCondition.InService;
    [Id(2)] public int? Occupancy { get; set; }
    [Id(3)] public int? QueueLength { get; set; }

    /// <summary>Takes a reading that is the newest of its type.</summary>
    public void Apply(Reading reading)
    {
        switch (reading.Type)
        {
            case ReadingType.Status: Condition = (FacilityCondition)reading.Value; break;
            case ReadingType.Occupancy: Occupancy = reading.Value; break;
            case ReadingType.QueueLength: QueueLength = reading.Value; break;
            default: throw new ArgumentException($"A facility takes no '{reading.Type}' readings.", nameof(reading));
        }
    }
}
