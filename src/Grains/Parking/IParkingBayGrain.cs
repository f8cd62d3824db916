using SmartCity.Grains.City;
using SmartCity.Grains.Geo;
using SmartCity.Grains.Readings;

namespace SmartCity.Grains.Parking;

/// <summary>A kerbside bay with one occupancy sensor.</summary>
[Alias("IParkingBayGrain")]
public interface IParkingBayGrain : IReadingTargetGrain
{
    [Alias("Get")]
    Task<ParkingBayView> GetAsync();
}

public enum BayStatus
{
    Free,
    Occupied,
    Unknown,
}

/// <summary>A bay as an operator or citizen sees it now.</summary>
[GenerateSerializer, Immutable, Alias("ParkingBayView")]
public sealed record ParkingBayView(
    [property: Id(0)] string Id,
    [property: Id(1)] string GridCellId,
    [property: Id(2)] string Street,
    [property: Id(3)] GeoPoint Location,
    [property: Id(4)] BayStatus Status,
    [property: Id(5)] DateTimeOffset? StatusSince,
    [property: Id(6)] DateTimeOffset? LastHeardAt)
{
    /// <summary>The bay as seen at <paramref name="now"/>: the live view, and the event log's view of a past moment.</summary>
    public static ParkingBayView Of(ParkingBayDefinition bay, ParkingBayState state, CityMap city, DateTimeOffset now, TimeSpan silenceLimit)
    {
        var status = state.Sensor.IsSilent(now, silenceLimit) ? BayStatus.Unknown
            : state.Occupied ? BayStatus.Occupied : BayStatus.Free;
        return new ParkingBayView(bay.Id, city.GridCellOf(bay.Id), bay.Street, bay.Location, status, state.StatusSince, state.Sensor.LastHeardAt);
    }
}

/// <summary>Persisted state of a bay.</summary>
[GenerateSerializer, Alias("ParkingBayState")]
public sealed class ParkingBayState
{
    [Id(0)] public SensorTrack Sensor { get; set; } = new();
    [Id(1)] public bool Occupied { get; set; }
    [Id(2)] public DateTimeOffset? StatusSince { get; set; }

    /// <summary>Takes a reading that is the newest of its type.</summary>
    public void Apply(Reading reading)
    {
        bool occupied = reading.Value == 1;
        if (occupied != Occupied || StatusSince is null)
        {
            Occupied = occupied;
            StatusSince = reading.ObservedAt;
        }
    }
}
