namespace SmartCity.Grains.Grid;

/// <summary>
/// What a bay, car park or facility tells its grid cell: its latest value (bay: 1 occupied / 0 free;
/// car park: cars inside; facility: its <see cref="Readings.FacilityCondition"/>), when that value
/// was observed, and when the sensor was last heard at all (a facility may report its head count
/// long after its last status).
/// </summary>
[GenerateSerializer, Immutable, Alias("MemberUpdate")]
public sealed record MemberUpdate(
    [property: Id(0)] string MemberId,
    [property: Id(1)] int Value,
    [property: Id(2)] DateTimeOffset ObservedAt,
    [property: Id(3)] DateTimeOffset HeardAt)
{
    /// <summary>
    /// Combines two words of the same member in whatever order they arrived: the value observed
    /// later, and the later time the sensor was heard. Because the result does not depend on the
    /// order, news that overtakes other news on its way to the cell does no harm.
    /// </summary>
    public MemberUpdate MergedWith(MemberUpdate other)
    {
        var value = other.ObservedAt > ObservedAt ? other : this;
        var heardAt = other.HeardAt > HeardAt ? other.HeardAt : HeardAt;
        return value.HeardAt == heardAt ? value : value with { HeardAt = heardAt };
    }
}
