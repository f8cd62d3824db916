using Microsoft.Extensions.Logging;

namespace SmartCity.Grains.Persistence;

/// <summary>
/// Persists sensor-driven grain state at most once per interval instead of on every reading:
/// SQLite takes a few thousand writes a second, sensors send far more. A failed write is retried
/// at the next interval; <see cref="FlushAsync"/> on deactivation makes a clean stop lose nothing.
/// </summary>
public sealed class WriteBehind<TState>(IGrainBase grain, IPersistentState<TState> state, TimeSpan interval, ILogger logger)
{
    private IGrainTimer? _timer;
    private bool _dirty;

    /// <summary>Notes that the state changed; a write follows within the interval.</summary>
    public void MarkChanged()
    {
        _dirty = true;
        if (_timer is not null) return;
        _timer = grain.RegisterGrainTimer(
            _ => FlushAsync(),
            new GrainTimerCreationOptions(interval, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    /// <summary>Writes now if anything changed since the last write.</summary>
    public async Task FlushAsync()
    {
        _timer?.Dispose();
        _timer = null;
        if (!_dirty) return;
        _dirty = false;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception error) when (error is not InconsistentStateException)
        {
            logger.LogWarning(error, "Writing state of {Grain} failed; retrying in {Interval}", grain.GrainContext.GrainId, interval);
            MarkChanged();
        }
    }
}
