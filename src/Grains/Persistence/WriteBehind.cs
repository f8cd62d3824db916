using Microsoft.Extensions.Logging;

namespace SmartCity.Grains.Persistence;

/// <summary>
/// Persists sensor-driven grain state at most once per interval instead of on every reading:
/// SQLite takes a few thousand writes a second, sensors send far more. The write runs interleaved
/// with the grain's other work, so readings keep flowing while storage is slow or busy; a reading
/// that lands during a write marks the state changed again and goes out with the next write.
/// A failed write is retried at the next interval; <see cref="FlushAsync"/> on deactivation makes a
/// clean stop lose nothing.
/// </summary>
public sealed class WriteBehind<TState>(IGrainBase grain, IPersistentState<TState> state, TimeSpan interval, ILogger logger)
{
    private IGrainTimer? _timer;
    private bool _changed;
    private Task<bool> _writing = Task.FromResult(true);

    /// <summary>Notes that the state changed; a write follows within the interval.</summary>
    public void MarkChanged()
    {
        _changed = true;
        if (_timer is not null) return;
        // Interleave: the write's wait for storage must not hold up readings.
        // KeepAlive: a grain with unwritten changes must not be collected before they are written.
        _timer = grain.RegisterGrainTimer(
            _ => FlushAsync(),
            new GrainTimerCreationOptions(interval, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
    }

    /// <summary>Writes now if anything changed since the last write, one write at a time.</summary>
    public async Task FlushAsync()
    {
        _timer?.Dispose();
        _timer = null;
        while (true)
        {
            if (!_writing.IsCompleted)
            {
                await _writing;
                continue;
            }
            if (!_changed) return;
            _changed = false;
            _writing = WriteAsync();
            if (!await _writing)
            {
                MarkChanged();
                return;
            }
        }
    }

    private async Task<bool> WriteAsync()
    {
        try
        {
            // Background: a burst that changes every bay must not keep interactive writes waiting.
            await StorageWritePriority.InBackgroundAsync(state.WriteStateAsync);
            return true;
        }
        catch (Exception error) when (error is not InconsistentStateException)
        {
            logger.LogWarning(error, "Writing state of {Grain} failed; retrying in {Interval}", grain.GrainContext.GrainId, interval);
            _changed = true;
            return false;
        }
    }
}
