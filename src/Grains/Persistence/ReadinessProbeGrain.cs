using Orleans.Placement;

namespace SmartCity.Grains.Persistence;

/// <summary>Reads its (never written) record on every call: a read that answers, found or not, means storage answers.</summary>
[PreferLocalPlacement]
public sealed class ReadinessProbeGrain(
    [PersistentState("probe", StorageNames.Twin)] IPersistentState<ReadinessProbeState> state) : Grain, IReadinessProbeGrain
{
    public Task ReadAsync() => state.ReadStateAsync();
}
