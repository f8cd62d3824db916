using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using SmartCity.Api.Hardening;

namespace SmartCity.Api.Mqtt;

/// <summary>
/// How many messages one sender may publish at the embedded broker: the per-caller limit of sensor ingest
/// over HTTP (Hardening:RateLimits:Ingest:PerCaller per Window), counted per key's subject as HTTP counts
/// a signed-in caller, apart from what the same caller sends over HTTP. The twin's own answers are not counted.
/// </summary>
public sealed class MqttPublishLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;

    public MqttPublishLimits(IOptions<HardeningOptions> hardening)
    {
        var settings = hardening.Value.RateLimits;
        if (!settings.Enabled) return;
        var rule = settings.Ingest;
        _limiter = PartitionedRateLimiter.Create<string, string>(sender => RateLimitPartition.GetFixedWindowLimiter(sender, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = rule.PerCaller,
            Window = rule.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Takes one message's permit; false when the sender has used up its window.</summary>
    public bool TryTake(MqttSender sender)
    {
        if (_limiter is null || sender.IsTwin) return true;
        using var lease = _limiter.AttemptAcquire("user:" + sender.Name);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter?.Dispose();
}
