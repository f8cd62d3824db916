using SmartCity.Grains.Events;

namespace SmartCity.Silo.Storage;

/// <summary>
/// The live feed of a cluster. Every silo appends to the one shared event log, so a silo's own
/// commits are only part of what happened: while anyone listens on this silo (the SSE feed), this
/// reads the log forward by sequence and publishes every event, whichever silo logged it, in
/// sequence order. Sequences rise in commit order without gaps (PostgresEventLog), so reading
/// "after the last one seen" never skips an event. Costs one indexed query per interval, and
/// nothing when nobody listens.
/// </summary>
public sealed class ClusterEventTail(IEventLog log, EventBroadcast broadcast, ILogger<ClusterEventTail> logger) : BackgroundService
{
    /// <summary>How often the log is read while someone listens: the feed's added delay, at most.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private const int PageSize = 5_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Listeners hear what happens from now on; history is the feed's own resume read.
        long after = log.LastSequence;
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!broadcast.HasListeners)
            {
                after = Math.Max(after, log.LastSequence);
                continue;
            }
            try
            {
                IReadOnlyList<LoggedEvent> page;
                do
                {
                    page = await log.ReadAsync(new EventQuery(PageSize, AfterSequence: after), stoppingToken);
                    broadcast.Publish(page);
                    if (page.Count > 0) after = page[^1].Sequence;
                }
                while (page.Count == PageSize);
            }
            catch (Exception error) when (error is not OperationCanceledException && StorageOutage.Is(error))
            {
                // The database is away: the feed pauses and carries on from the same place when it returns.
                logger.LogDebug("The live feed waits for the event log: {Reason}", error.Message);
            }
        }
    }
}
