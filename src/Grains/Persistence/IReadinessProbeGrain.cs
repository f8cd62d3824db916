namespace SmartCity.Grains.Persistence;

/// <summary>
/// Reads from the twin's grain storage on request, so readiness can tell that storage answers.
/// One per silo (keyed by silo address) and placed on the silo that first asks, so each silo probes its
/// own path to storage.
/// </summary>
[Alias("IReadinessProbeGrain")]
public interface IReadinessProbeGrain : IGrainWithStringKey
{
    /// <summary>Reads the probe's record from storage; throws when storage does not answer.</summary>
    [Alias("Read")]
    Task ReadAsync();
}

/// <summary>The probe's stored record: never written, only read.</summary>
[GenerateSerializer, Alias("ReadinessProbeState")]
public sealed class ReadinessProbeState
{
}
