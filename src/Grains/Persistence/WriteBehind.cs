using Microsoft.Extensions.Logging;

namespace SmartCity.Grains.Persistence;

/// <summary>
/// Persists sensor-driven grain state at most once per interval instead of on every reading:
/// SQLite takes a few thousand writes a second, sensors send far more. The write runs interleaved
/// with the grain's other work, so readings keep flowing while storage is slow or busy; a reading
/// that lands during a write marks the state changed again and goes out with the next write, one
/// interval after this one ends. A failed write is retried at the next interval;
/// <see cref="FlushAsync"/> on deactivation makes a clean stop lose nothing.
/// </summary>
/// <remarks>
/// The timer is armed only while no write is in progress, so a grain has at most one write and one
/// timer at any time however slow storage is. (An earlier version armed a new timer during each write
/// and let every tick wait for the write before it; under steady readings and busy storage the waiting
/// ticks never finished and piled up, about one per bay every interval, which was the soak's memory growth.)
/// </remarks>
public sealed class WriteBehind<TState>(IGrainBase grain, IPersistentState<TState> state, TimeSpan interval, ILogger logger)
{
    private IGrainTimer? _timer;
    private bool _changed;
    private Task<bool> _writing = Task.FromResult(true);

    /// <summary>Notes that the state changed; a write follows within the interval.</summary>
    public void MarkChanged()
    {
        _changed = true;
        // A write in progress arms the timer itself when it ends.
        if (_timer is null && _writing.IsCompleted) ArmTimer();
    }

    /// <summary>Writes every change made so far, after the write in progress if there is one.</summary>
    public async Task FlushAsync()
    {
        DisarmTimer();
        while (true)
        {
            if (!_writing.IsCompleted)
            {
                await _writing;
                continue;
            }
            if (!_changed) return;
            // A write that ends with changes left arms the timer; this loop writes them at once instead.
            DisarmTimer();
            if (!await StartWrite()) return;
        }
    }

    private void ArmTimer() =>
        // Interleave: the write's wait for storage must not hold up readings.
        // KeepAlive: a grain with unwritten changes must not be collected before they are written.
        _timer = grain.RegisterGrainTimer(
            _ => WriteOnTimerAsync(),
            new GrainTimerCreationOptions(interval, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });

    private void DisarmTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private Task WriteOnTimerAsync()
    {
        DisarmTimer();
        // A flush started the write already: it arms the timer again if changes are left.
        if (!_writing.IsCompleted || !_changed) return Task.CompletedTask;
        return StartWrite();
    }

    private Task<bool> StartWrite()
    {
        _changed = false;
        _writing = WriteAsync();
        return _writing;
    }

    private async Task<bool> WriteAsync()
    {
        bool written;
        try
        {
            // Background: a burst that changes every bay must not keep interactive writes waiting.
            await StorageWritePriority.InBackgroundAsync(state.WriteStateAsync);
            written = true;
        }
        catch (Exception error) when (error is not InconsistentStateException)
        {
            logger.LogWarning(error, "Writing state of {Grain} failed; retrying in {Interval}", grain.GrainContext.GrainId, interval);
            _changed = true;
            written = false;
        }
        // Changes that came during the write, or a write that failed, go out one interval from now.
        if (_changed && _timer is null) ArmTimer();
        return written;
    }
}
