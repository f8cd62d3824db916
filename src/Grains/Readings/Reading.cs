namespace SmartCity.Grains.Readings;

/// <summary>What a sensor measured; which types an entity takes depends on its kind.</summary>
public enum ReadingType
{
    /// <summary>Bay: 1 occupied, 0 free. Facility: people inside (0..capacity).</summary>
    Occupancy,

    /// <summary>Facility: a <see cref="FacilityCondition"/>. Official: an <see cref="Officials.DutyStatus"/>.</summary>
    Status,

    /// <summary>Facility: people waiting (e.g. at a service hall).</summary>
    QueueLength,

    /// <summary>Car park: cars inside as counted at its gates (0..capacity).</summary>
    Count,
}

/// <summary>A facility's condition as its sensor reports it.</summary>
public enum FacilityCondition
{
    InService,
    OutOfOrder,
    Closed,
}

/// <summary>One validated sensor reading. Values are already mapped to integers at the edge.</summary>
[GenerateSerializer, Immutable, Alias("Reading")]
public sealed record Reading(
    [property: Id(0)] string ReadingId,
    [property: Id(1)] string EntityId,
    [property: Id(2)] ReadingType Type,
    [property: Id(3)] int Value,
    [property: Id(4)] DateTimeOffset ObservedAt);

/// <summary>What became of an accepted reading at its entity.</summary>
public enum ReadingOutcome
{
    /// <summary>Newest so far: the entity's state now reflects it.</summary>
    Applied,

    /// <summary>Older than what the entity already knows: recorded as seen, state unchanged.</summary>
    Outdated,

    /// <summary>Its reading id was seen before: applied once only.</summary>
    Duplicate,
}
