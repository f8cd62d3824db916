namespace SmartCity.Grains;

/// <summary>Rules of the live twin that an operator may tune (configuration section "Twin").</summary>
public sealed class TwinOptions
{
    public const string Section = "Twin";

    /// <summary>A sensor silent for longer than this makes its bay or facility "unknown", never "free".</summary>
    public TimeSpan SensorSilenceLimit { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Readings stamped further than this into the future are rejected (sensor clocks drift).</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Sensor-driven state is written to storage at most this long after it changed (write-behind):
    /// a crash loses at most this much; a clean stop loses nothing.
    /// </summary>
    public TimeSpan WriteBehindInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Members' news reaches their grid cells in batches this often (see Grid.CellUpdateRelay).</summary>
    public TimeSpan CellRelayInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Changes in a grid cell reach its district and the city at most this much later.</summary>
    public TimeSpan SummaryPushDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// An unchanged sensor still tells its grid cell it is alive this often, so the cell can tell
    /// a quiet sensor from a dead one. A cell may therefore call a sensor silent up to this much early.
    /// </summary>
    public TimeSpan HeartbeatToCell => SensorSilenceLimit / 10;
}
