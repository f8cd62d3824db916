namespace SmartCity.Grains.Grid;

/// <summary>
/// Decides when a member tells its grid cell about a reading: when its value changes, and otherwise
/// once per heartbeat so the cell knows the sensor is still alive. Keeps cell traffic far below sensor traffic.
/// </summary>
public sealed class CellNotifier(TimeSpan heartbeat)
{
    private int? _toldValue;
    private DateTimeOffset _toldObservedAt;

    public bool ShouldTell(int value, DateTimeOffset observedAt)
    {
        if (_toldValue == value && observedAt - _toldObservedAt < heartbeat) return false;
        _toldValue = value;
        _toldObservedAt = observedAt;
        return true;
    }
}
