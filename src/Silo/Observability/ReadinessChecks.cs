using Microsoft.Extensions.Diagnostics.HealthChecks;
using SmartCity.Grains.Persistence;

namespace SmartCity.Silo.Observability;

/// <summary>Ready to serve only when this silo is active in its cluster's membership: joined, not joining or leaving.</summary>
public sealed class SiloActiveCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"Silo {silo.SiloAddress} is active in cluster '{silo.ClusterId}'.")
            : HealthCheckResult.Unhealthy($"Silo {silo.SiloAddress} is {status} in cluster '{silo.ClusterId}', not active."));
    }
}

/// <summary>
/// Ready only when grain storage answers a read: this silo's probe grain reads its record through the
/// twin's storage provider (SQLite, or memory in tests), the same path every grain's state takes.
/// </summary>
public sealed class StorageAnswersCheck(IGrainFactory grains, ILocalSiloDetails silo) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IReadinessProbeGrain>($"probe:{silo.SiloAddress}").ReadAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"Grain storage '{StorageNames.Twin}' answered a read.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Grain storage '{StorageNames.Twin}' did not answer a read in time.");
        }
        catch (Exception error)
        {
            return HealthCheckResult.Unhealthy($"Grain storage '{StorageNames.Twin}' failed a read: {error.GetBaseException().Message}");
        }
    }
}
