using System.Text.Json.Serialization;
using SmartCity.Grains.Events;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Officials;
using SmartCity.Grains.Parking;
using SmartCity.Grains.Reports;

namespace SmartCity.Api.Events;

/// <summary>
/// An entity's state at a past time as the event log tells it (GET /api/entities/{id}/at). "kind"
/// (parkingBay, carPark, facility, official, report) comes first; each kind adds the fields its live
/// view has, under the same names, computed the same way.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ParkingBayAt), "parkingBay")]
[JsonDerivedType(typeof(CarParkAt), "carPark")]
[JsonDerivedType(typeof(FacilityAt), "facility")]
[JsonDerivedType(typeof(OfficialAt), "official")]
[JsonDerivedType(typeof(ReportAt), "report")]
public abstract record EntityStateAt
{
    [JsonPropertyOrder(-10)] public required string EntityId { get; init; }

    /// <summary>The time asked for.</summary>
    [JsonPropertyOrder(-8)] public required DateTimeOffset Time { get; init; }

    /// <summary>What the answer was folded from.</summary>
    [JsonPropertyOrder(10)] public required StateBasis BasedOn { get; init; }
}

/// <summary>How many of the entity's events the state holds, and the snapshot the fold started from (null: none).</summary>
public sealed record StateBasis(long EventsFolded, SnapshotBasis? Snapshot)
{
    public static StateBasis Of<TState>(FoldedState<TState> fold) =>
        new(fold.EventsFolded, fold.Snapshot is { } s ? new SnapshotBasis(s.UpTo, s.Sequence) : null);
}

/// <summary>A snapshot: every event of the entity up to <paramref name="UpTo"/> folded, as the log stood at <paramref name="Sequence"/>.</summary>
public sealed record SnapshotBasis(DateTimeOffset UpTo, long Sequence);

/// <summary>What every sensor-fed entity has at a time.</summary>
public abstract record SensorStateAt : EntityStateAt
{
    /// <summary>The latest observation time folded; null when never heard by then.</summary>
    [JsonPropertyOrder(-7)] public DateTimeOffset? LastHeardAt { get; init; }

    /// <summary>Never heard by then, or silent for longer than the twin's SensorSilenceLimit (a facility without a sensor never is).</summary>
    [JsonPropertyOrder(-6)] public bool Unknown { get; init; }

    /// <summary>Per reading type (occupancy, status, queueLength, count), the reading that counted then.</summary>
    [JsonPropertyOrder(5)] public required IReadOnlyDictionary<string, LatestReading> Readings { get; init; }
}

/// <summary>A bay then: status as GET /api/parking/bays/{id} has it.</summary>
public sealed record ParkingBayAt : SensorStateAt
{
    public BayStatus Status { get; init; }
}

/// <summary>A car park then: occupied and spacesFree as GET /api/parking/carparks/{id} has them (null while unknown).</summary>
public sealed record CarParkAt : SensorStateAt
{
    public int Capacity { get; init; }

    public int? Occupied { get; init; }

    public int? SpacesFree { get; init; }
}

/// <summary>A facility then: status, occupancy and queueLength as GET /api/facilities/{id} has them.</summary>
public sealed record FacilityAt : SensorStateAt
{
    public bool HasSensor { get; init; }

    public bool OpenByHours { get; init; }

    public FacilityStatus Status { get; init; }

    public int? Occupancy { get; init; }

    public int? QueueLength { get; init; }
}

/// <summary>An official then: duty as GET /api/officials/{id} has it (shown however old, as there).</summary>
public sealed record OfficialAt : SensorStateAt
{
    public DutyStatus? Duty { get; init; }
}

/// <summary>A report then, from its logged steps up to the time.</summary>
public sealed record ReportAt : EntityStateAt
{
    public ReportStatus Status { get; init; }

    public required string Category { get; init; }

    public string? GridCellId { get; init; }

    public string? DistrictId { get; init; }

    /// <summary>Who held it: the grid's official it was routed to, or whom it was passed on to since.</summary>
    public string? AssigneeId { get; init; }

    public required IReadOnlyList<ReportEscalationAt> Escalations { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    [JsonPropertyOrder(5)] public required IReadOnlyList<ReportStepAt> Steps { get; init; }
}
