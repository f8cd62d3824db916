using SmartCity.Grains.City;
using SmartCity.Grains.Readings;

namespace SmartCity.Grains.Officials;

/// <summary>A local official; their duty app reports on/off duty as a "status" reading.</summary>
[Alias("IOfficialGrain")]
public interface IOfficialGrain : IReadingTargetGrain
{
    [Alias("Get")]
    Task<OfficialView> GetAsync();
}

public enum DutyStatus
{
    OffDuty,
    OnDuty,
}

/// <summary>An official, whom they answer to, their grids and whether they are on duty.</summary>
[GenerateSerializer, Immutable, Alias("OfficialView")]
public sealed record OfficialView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] OfficialRole Role,
    [property: Id(3)] string? SupervisorId,
    [property: Id(4)] IReadOnlyList<string> GridCellIds,
    [property: Id(5)] IReadOnlyList<string> SubordinateIds,
    [property: Id(6)] DutyStatus? Duty,
    [property: Id(7)] DateTimeOffset? DutySince)
{
    /// <summary>
    /// The official as their duty app last reported: the live view, and the event log's view of a
    /// past moment. Duty is shown however long ago it was reported; it does not fall silent.
    /// </summary>
    public static OfficialView Of(OfficialDefinition official, OfficialState state, CityMap city) => new(
        official.Id, official.Name, official.Role, official.SupervisorId,
        city.GridsByOfficial.GetValueOrDefault(official.Id, []),
        city.SubordinatesOf(official.Id),
        state.Duty, state.DutySince);
}

/// <summary>Persisted state of an official.</summary>
[GenerateSerializer, Alias("OfficialState")]
public sealed class OfficialState
{
    [Id(0)] public SensorTrack Sensor { get; set; } = new();
    [Id(1)] public DutyStatus? Duty { get; set; }
    [Id(2)] public DateTimeOffset? DutySince { get; set; }

    /// <summary>Takes a status reading that is the newest so far.</summary>
    public void Apply(Reading reading)
    {
        var duty = (DutyStatus)reading.Value;
        if (duty != Duty) DutySince = reading.ObservedAt;
        Duty = duty;
    }
}
