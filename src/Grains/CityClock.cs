namespace SmartCity.Grains;

/// <summary>
/// The one clock of the city's rules (deadlines, silent sensors, opening hours). Grains take it
/// instead of TimeProvider directly so that tests and replays can move city time without moving the
/// Orleans runtime's own clock, which must stay real.
/// </summary>
public sealed class CityClock(TimeProvider time)
{
    public DateTimeOffset Now => time.GetUtcNow();
}
