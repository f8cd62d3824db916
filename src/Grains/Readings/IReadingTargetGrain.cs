namespace SmartCity.Grains.Readings;

/// <summary>An entity that sensors feed: bays, car parks, facilities, officials' duty apps.</summary>
[Alias("IReadingTargetGrain")]
public interface IReadingTargetGrain : IGrainWithStringKey
{
    /// <summary>Applies validated readings by event time; one outcome per reading, in order.</summary>
    [Alias("ApplyReadings")]
    Task<ReadingOutcome[]> ApplyReadingsAsync(Reading[] readings);
}
