using SmartCity.Grains.City;
using SmartCity.Grains.Geo;
using SmartCity.Grains.Readings;

namespace SmartCity.Grains.Parking;

/// <summary>An off-street car park whose gates count the cars inside.</summary>
[Alias("ICarParkGrain")]
public interface ICarParkGrain : IReadingTargetGrain
{
    [Alias("Get")]
    Task<CarParkView> GetAsync();
}

/// <summary>A car park now; occupied and free are null while its counter is silent.</summary>
[GenerateSerializer, Immutable, Alias("CarParkView")]
public sealed record CarParkView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string GridCellId,
    [property: Id(3)] GeoPoint Location,
    [property: Id(4)] int Capacity,
    [property: Id(5)] int? Occupied,
    [property: Id(6)] int? SpacesFree,
    [property: Id(7)] bool Unknown,
    [property: Id(8)] DateTimeOffset? LastHeardAt)
{
    /// <summary>The car park as seen at <paramref name="now"/>: the live view, and the event log's view of a past moment.</summary>
    public static CarParkView Of(CarParkDefinition carPark, CarParkState state, CityMap city, DateTimeOffset now, TimeSpan silenceLimit)
    {
        bool unknown = state.Sensor.IsSilent(now, silenceLimit);
        return new CarParkView(
            carPark.Id, carPark.Name, city.GridCellOf(carPark.Id), carPark.Location, carPark.Capacity,
            unknown ? null : state.Occupied,
            unknown ? null : Math.Max(0, carPark.Capacity - state.Occupied),
            unknown,
            state.Sensor.LastHeardAt);
    }
}

/// <summary>Persisted state of a car park.</summary>
[GenerateSerializer, Alias("CarParkState")]
public sealed class CarParkState
{
    [Id(0)] public SensorTrack Sensor { get; set; } = new();
    [Id(1)] public int Occupied { get; set; }

    /// <summary>Takes a count that is the newest so far.</summary>
    public void Apply(Reading reading) => Occupied = reading.Value;
}
