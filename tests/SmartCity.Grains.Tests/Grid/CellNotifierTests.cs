using SmartCity.Grains.Grid;

namespace SmartCity.Grains.Tests.Grid;

public sealed class CellNotifierTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 4, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromMinutes(3);

    [Fact]
    public void First_reading_is_always_told()
    {
        Assert.True(new CellNotifier(Heartbeat).ShouldTell(0, Noon));
    }

    [Fact]
    public void Unchanged_value_within_the_heartbeat_is_not_told_again()
    {
        var notifier = new CellNotifier(Heartbeat);
        notifier.ShouldTell(0, Noon);

        Assert.False(notifier.ShouldTell(0, Noon.AddMinutes(1)));
        Assert.False(notifier.ShouldTell(0, Noon + Heartbeat - TimeSpan.FromTicks(1)));
    }

    [Fact]
    public void Changed_value_is_told_at_once()
    {
        var notifier = new CellNotifier(Heartbeat);
        notifier.ShouldTell(0, Noon);

        Assert.True(notifier.ShouldTell(1, Noon.AddSeconds(1)));
        Assert.True(notifier.ShouldTell(0, Noon.AddSeconds(2)));
    }

    [Fact]
    public void Unchanged_value_is_told_again_once_a_heartbeat_has_passed()
    {
        var notifier = new CellNotifier(Heartbeat);
        notifier.ShouldTell(0, Noon);

        Assert.True(notifier.ShouldTell(0, Noon + Heartbeat));
        Assert.False(notifier.ShouldTell(0, Noon + Heartbeat + TimeSpan.FromMinutes(1)));
    }
}
