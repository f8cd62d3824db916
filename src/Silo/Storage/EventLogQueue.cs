using System.Threading.Channels;
using SmartCity.Grains.Events;
using SmartCity.Grains.Persistence;

namespace SmartCity.Silo.Storage;

/// <summary>
/// What waits for an event log's one writer (SQLite or PostgreSQL): appends and snapshot saves, in the
/// order they came, each with the task its caller awaits. Bounded: past <see cref="MaxQueuedEvents"/>
/// an append is refused at once as an outage (503), so a disk slower than ingest makes callers wait or
/// retry instead of filling memory. The writer takes what waits in batches and commits each batch in
/// one transaction (group commit), then tells every caller of the batch (<see cref="Succeed"/>, <see cref="Fail"/>).
/// </summary>
internal sealed class EventLogQueue(string logName)
{
    /// <summary>Events queued for the writer at most.</summary>
    public const int MaxQueuedEvents = 200_000;

    /// <summary>Upper bound of one commit, so one huge backlog does not hold every caller back.</summary>
    public const int MaxEventsPerCommit = 50_000;

    private long _queuedEvents;
    private readonly Channel<PendingWrite> _pending = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<PendingWrite> Reader => _pending.Reader;

    public Task<long[]> AppendAsync(IReadOnlyList<NewEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return Task.FromResult(Array.Empty<long>());
        long queued = Interlocked.Add(ref _queuedEvents, events.Count);
        // One append alone may always go in, or an append larger than the bound could never be logged.
        if (queued > MaxQueuedEvents && queued != events.Count)
        {
            Interlocked.Add(ref _queuedEvents, -events.Count);
            throw new StorageUnavailableException($"The event log's writer is {queued - events.Count} events behind; nothing was logged.");
        }
        var done = new TaskCompletionSource<long[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new PendingAppend(events, done));
        // A caller that stops waiting does not take its events back: they are written all the same.
        return done.Task.WaitAsync(cancellationToken);
    }

    public Task<bool> SaveSnapshotAsync(EntitySnapshot snapshot, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Increment(ref _queuedEvents);
        Enqueue(new PendingSnapshot(snapshot, done));
        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Takes no more; the writer writes what is queued and then finds the queue ended.</summary>
    public void Complete() => _pending.Writer.TryComplete();

    /// <summary>Moves what waits now into <paramref name="batch"/>, up to <see cref="MaxEventsPerCommit"/> events.</summary>
    public void TakeBatch(List<PendingWrite> batch)
    {
        int events = 0;
        while (events < MaxEventsPerCommit && _pending.Reader.TryRead(out var next))
        {
            batch.Add(next);
            int count = next is PendingAppend append ? append.Events.Count : 1;
            events += count;
            Interlocked.Add(ref _queuedEvents, -count);
        }
    }

    /// <summary>The events of a committed batch that were logged (an entity version already logged has sequence 0), as live listeners get them.</summary>
    public static List<LoggedEvent> Logged(List<PendingWrite> batch, long[][] sequences, DateTimeOffset loggedAt)
    {
        var logged = new List<LoggedEvent>();
        for (int i = 0; i < batch.Count; i++)
        {
            if (batch[i] is not PendingAppend append) continue;
            for (int j = 0; j < append.Events.Count; j++)
            {
                var e = append.Events[j];
                if (sequences[i][j] > 0) logged.Add(new LoggedEvent(sequences[i][j], e.Type, e.EntityId, e.DistrictId, e.GridCellId, e.EventTime, loggedAt, e.Payload, e.EntityVersion));
            }
        }
        return logged;
    }

    /// <summary>After a commit, each caller of the batch hears: an append its sequence numbers, a snapshot whether it was kept.</summary>
    public static void Succeed(List<PendingWrite> batch, long[][] sequences, bool[] saved)
    {
        for (int i = 0; i < batch.Count; i++)
        {
            switch (batch[i])
            {
                case PendingAppend append: append.Done.TrySetResult(sequences[i]); break;
                case PendingSnapshot save: save.Done.TrySetResult(saved[i]); break;
            }
        }
    }

    /// <summary>The commit failed: nothing of the batch is in the log, and every caller hears so.</summary>
    public static void Fail(List<PendingWrite> batch, Exception error)
    {
        foreach (var pending in batch) pending.Fail(error);
    }

    private void Enqueue(PendingWrite write)
    {
        if (!_pending.Writer.TryWrite(write)) throw new ObjectDisposedException(logName, "The event log is closed.");
    }
}

/// <summary>Work for an event log's writer.</summary>
internal abstract record PendingWrite
{
    /// <summary>The transaction failed. A snapshot is a cache: its caller only hears it was not kept.</summary>
    public abstract void Fail(Exception error);
}

internal sealed record PendingAppend(IReadOnlyList<NewEvent> Events, TaskCompletionSource<long[]> Done) : PendingWrite
{
    public override void Fail(Exception error) => Done.TrySetException(error);
}

internal sealed record PendingSnapshot(EntitySnapshot Snapshot, TaskCompletionSource<bool> Done) : PendingWrite
{
    public override void Fail(Exception error) => Done.TrySetResult(false);
}
