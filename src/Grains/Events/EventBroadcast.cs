using System.Threading.Channels;

namespace SmartCity.Grains.Events;

/// <summary>
/// Hands every event the log has made durable to whoever listens live (the SSE feed). A listener
/// has a bounded buffer: one that falls behind loses events and is told how many, but never slows
/// the log or ingest down.
/// </summary>
public sealed class EventBroadcast
{
    private readonly Lock _gate = new();
    private ImmutableListeners _listeners = new([]);

    /// <summary>Whether anyone listens: the log need not even build the events to publish otherwise.</summary>
    public bool HasListeners => _listeners.All.Length > 0;

    /// <summary>Called by the log after each commit, in sequence order; never blocks.</summary>
    public void Publish(IReadOnlyList<LoggedEvent> events)
    {
        if (events.Count == 0) return;
        foreach (var listener in _listeners.All)
        {
            foreach (var e in events) listener.Offer(e);
        }
    }

    /// <param name="capacity">Events a listener may fall behind by before it starts losing them.</param>
    public EventListener Listen(int capacity = 10_000)
    {
        var listener = new EventListener(this, capacity);
        lock (_gate) _listeners = new ImmutableListeners([.. _listeners.All, listener]);
        return listener;
    }

    internal void Remove(EventListener listener)
    {
        lock (_gate) _listeners = new ImmutableListeners([.. _listeners.All.Where(l => l != listener)]);
    }

    // Publish reads the list without a lock: listeners are swapped in and out as a whole.
    private sealed record ImmutableListeners(EventListener[] All);
}

/// <summary>One live listener: its events in order, and how many it lost by falling behind.</summary>
public sealed class EventListener : IDisposable
{
    private readonly EventBroadcast _broadcast;
    private readonly Channel<LoggedEvent> _events;
    private long _lost;

    internal EventListener(EventBroadcast broadcast, int capacity)
    {
        _broadcast = broadcast;
        _events = Channel.CreateBounded<LoggedEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails instead of waiting: see Offer
        });
    }

    public ChannelReader<LoggedEvent> Events => _events.Reader;

    /// <summary>Events dropped since the last call, because this listener fell behind; resets to 0.</summary>
    public long TakeLost() => Interlocked.Exchange(ref _lost, 0);

    internal void Offer(LoggedEvent e)
    {
        if (!_events.Writer.TryWrite(e)) Interlocked.Increment(ref _lost);
    }

    public void Dispose()
    {
        _broadcast.Remove(this);
        _events.Writer.TryComplete();
    }
}
