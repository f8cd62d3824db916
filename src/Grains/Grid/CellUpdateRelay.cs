using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmartCity.Grains.Grid;

/// <summary>
/// Carries members' news to their grid cells in small batches: every few milliseconds, one one-way
/// call per cell with the merged news of each member that changed. A city's sensors send far more
/// readings than its cells need messages; without this, every flip of every bay would be a message.
/// One relay per silo; news still flows only on change (no polling). News buffered here when a silo
/// crashes is lost, like write-behind state: the next reading of each sensor repairs it.
/// </summary>
public sealed class CellUpdateRelay(IGrainFactory grains, IOptions<TwinOptions> options, ILogger<CellUpdateRelay> logger)
{
    /// <summary>
    /// News held between flushes at most. Should the flush fall this far behind (a starved thread pool),
    /// further news is dropped rather than held: each member's next reading or heartbeat repairs its cell.
    /// </summary>
    public const int MaxQueued = 200_000;

    private readonly ConcurrentQueue<(string CellId, MemberUpdate Update)> _queue = new();
    private int _flushScheduled;
    private long _dropped;

    /// <summary>News dropped because the relay was full, since the silo started.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Send(string cellId, MemberUpdate update)
    {
        if (_queue.Count >= MaxQueued)
        {
            Interlocked.Increment(ref _dropped);
        }
        else
        {
            _queue.Enqueue((cellId, update));
        }
        if (Interlocked.Exchange(ref _flushScheduled, 1) == 0)
        {
            // Task.Run leaves the calling grain's scheduler: the flush is nobody's turn.
            _ = Task.Run(FlushLaterAsync);
        }
    }

    private async Task FlushLaterAsync()
    {
        await Task.Delay(options.Value.CellRelayInterval);
        // Reset before draining: news queued from here on schedules the next flush.
        Volatile.Write(ref _flushScheduled, 0);
        var newestByMember = new Dictionary<string, (string CellId, MemberUpdate Update)>(StringComparer.Ordinal);
        while (_queue.TryDequeue(out var item))
        {
            newestByMember[item.Update.MemberId] = newestByMember.TryGetValue(item.Update.MemberId, out var known)
                ? (item.CellId, known.Update.MergedWith(item.Update))
                : item;
        }
        foreach (var cell in newestByMember.Values.GroupBy(item => item.CellId))
        {
            try
            {
                grains.GetGrain<IGridCellGrain>(cell.Key).MembersChangedAsync([.. cell.Select(item => item.Update)]).Ignore();
            }
            catch (Exception error) when (error is OrleansException or InvalidOperationException or ObjectDisposedException)
            {
                logger.LogWarning(error, "News for grid cell {Cell} was dropped; its members' next readings will repair it", cell.Key);
            }
        }
    }
}
