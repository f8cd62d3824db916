using System.Collections.Concurrent;

namespace SmartCity.Grains.Tests.Cluster;

/// <summary>
/// Records on which silo each Monte Carlo batch ran: the batch grains deactivate after their one call,
/// so afterwards nothing else shows where the work went.
/// </summary>
public sealed class BatchPlacements(ILocalSiloDetails silo) : IIncomingGrainCallFilter
{
    /// <summary>Batch grain key ("{runId}/{batch}...") to the silo that ran it.</summary>
    public static ConcurrentDictionary<string, SiloAddress> Seen { get; } = new();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.TargetContext.GrainId.Type.ToString()?.Contains("montecarlobatch", StringComparison.OrdinalIgnoreCase) == true)
        {
            Seen[context.TargetContext.GrainId.Key.ToString()!] = silo.SiloAddress;
        }
        return context.Invoke();
    }
}
