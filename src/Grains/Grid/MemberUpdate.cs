namespace SmartCity.Grains.Grid;

/// <summary>
/// What a bay, car park or facility tells its grid cell: its latest value (bay: 1 occupied / 0 free;
/// car park: cars inside; facility: its <see cref="Readings.FacilityCondition"/>) and when it was observed.
/// </summary>
[GenerateSerializer, Immutable, Alias("MemberUpdate")]
public sealed record MemberUpdate(
    [property: Id(0)] string MemberId,
    [property: Id(1)] int Value,
    [property: Id(2)] DateTimeOffset ObservedAt);
