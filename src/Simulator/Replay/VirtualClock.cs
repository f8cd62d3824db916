namespace SmartCity.Simulator.Replay;

/// <summary>
/// The twin's clock during an in-process replay: it shows the event time the replay has reached,
/// so deadlines, escalations and stale-sensor rules fall when they fell historically. It only
/// moves forward. Timers and timestamps stay on the system clock (Orleans needs real time).
/// </summary>
public sealed class VirtualClock(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    /// <summary>Moves the clock to <paramref name="time"/> unless it is already past it.</summary>
    public void AdvanceTo(DateTimeOffset time)
    {
        long ticks = time.UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _utcTicks);
            if (ticks <= current) return;
        }
        while (Interlocked.CompareExchange(ref _utcTicks, ticks, current) != current);
    }
}
