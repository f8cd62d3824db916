using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartCity.Grains.Events;
using SmartCity.Grains.Readings;

namespace SmartCity.Api.Readings;

/// <summary>
/// Readings the twin applied whose event-log append then failed (storage out). The entity already
/// counts them as seen, so a client's retry of the batch would hear "duplicate" and never log them:
/// they wait here instead, and go into the log exactly once, with the retry that finds them here or
/// with <see cref="UnloggedReadingsRetry"/>, whichever comes first. Each is taken out before it is
/// offered to the log and put back if the log fails again, so two writers never log the same one.
/// Held in memory: a crash loses them, but then the entity's write-behind state loses them too, and
/// the client, which was answered 503, sends them again.
/// </summary>
public sealed class UnloggedReadings(IOptions<IngestOptions> options)
{
    private readonly ConcurrentDictionary<(string EntityId, string ReadingId), Held> _held = new();

    /// <summary>A reading's log event and the outcome its first attempt had.</summary>
    public sealed record Held(NewEvent Event, ReadingOutcome Outcome);

    public int Count => _held.Count;

    /// <summary>Whether no more may be held: ingest then turns batches away before it changes anything.</summary>
    public bool IsFull => _held.Count >= options.Value.MaxUnloggedReadings;

    /// <summary>Keeps readings whose append failed, until the log takes them.</summary>
    public void Hold(IEnumerable<(Reading Reading, Held Held)> readings)
    {
        foreach (var (reading, held) in readings) _held[(reading.EntityId, reading.ReadingId)] = held;
    }

    /// <summary>Takes out the held reading of this id, if any: the caller then logs it or holds it again.</summary>
    public bool TryTake(Reading reading, out Held held) => _held.TryRemove((reading.EntityId, reading.ReadingId), out held!);

    /// <summary>Offers every held reading to the log in one append; those it does not take stay held.</summary>
    public async Task<int> RetryAsync(IEventLog log, CancellationToken cancellationToken)
    {
        var taken = new List<KeyValuePair<(string, string), Held>>();
        foreach (var key in _held.Keys)
        {
            if (_held.TryRemove(key, out var held)) taken.Add(new(key, held));
        }
        if (taken.Count == 0) return 0;
        try
        {
            await log.AppendAsync([.. taken.Select(t => t.Value.Event)], cancellationToken);
            return taken.Count;
        }
        catch
        {
            // A reading a client's retry found in the meantime is not here: it cannot be put back twice.
            foreach (var (key, held) in taken) _held.TryAdd(key, held);
            throw;
        }
    }
}

/// <summary>Offers held readings to the event log again every few seconds, and once more at a clean stop.</summary>
public sealed class UnloggedReadingsRetry(
    UnloggedReadings unlogged, IEventLog log, IOptions<IngestOptions> options, ILogger<UnloggedReadingsRetry> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.UnloggedRetryInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await RetryAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await RetryAsync(CancellationToken.None);
    }

    private async Task RetryAsync(CancellationToken cancellationToken)
    {
        if (unlogged.Count == 0) return;
        try
        {
            int logged = await unlogged.RetryAsync(log, cancellationToken);
            logger.LogInformation("{Count} readings held while the event log was out are now logged", logged);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("{Count} applied readings still wait for the event log: {Reason}", unlogged.Count, error.Message);
        }
    }
}
