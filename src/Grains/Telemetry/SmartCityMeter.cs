namespace SmartCity.Grains.Telemetry;

/// <summary>
/// The city's own meter. Each feature creates its instruments on it through the host's IMeterFactory
/// (which hands every caller the same Meter of a name), so one host's measurements never mix with
/// another's in the same process, as with several twins in one test run.
/// </summary>
public static class SmartCityMeter
{
    public const string Name = "SmartCity";
}
