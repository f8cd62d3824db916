using SmartCity.Grains.Readings;

namespace SmartCity.Grains.Tests.Readings;

public sealed class SensorTrackTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 4, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan SilenceLimit = TimeSpan.FromMinutes(30);

    private static Reading Occupancy(string id, DateTimeOffset observedAt) => new(id, "bay:XH-0001-01", ReadingType.Occupancy, 1, observedAt);

    [Fact]
    public void Newer_reading_is_applied()
    {
        var track = new SensorTrack();

        Assert.Equal(ReadingOutcome.Applied, track.Register(Occupancy("r1", Noon)));
        Assert.Equal(ReadingOutcome.Applied, track.Register(Occupancy("r2", Noon.AddSeconds(1))));
        Assert.Equal(Noon.AddSeconds(1), track.LastHeardAt);
    }

    [Fact]
    public void Older_reading_does_not_overwrite_newer_one()
    {
        var track = new SensorTrack();
        track.Register(Occupancy("r2", Noon));

        Assert.Equal(ReadingOutcome.Outdated, track.Register(Occupancy("r1", Noon.AddMinutes(-1))));
        Assert.Equal(Noon, track.LastHeardAt);
    }

    [Fact]
    public void Reading_stamped_the_same_time_as_the_newest_is_outdated()
    {
        var track = new SensorTrack();
        track.Register(Occupancy("r1", Noon));

        Assert.Equal(ReadingOutcome.Outdated, track.Register(Occupancy("r2", Noon)));
    }

    [Fact]
    public void Readings_of_different_types_are_ordered_separately()
    {
        var track = new SensorTrack();
        track.Register(new Reading("r1", "facility:XH-toilet-001", ReadingType.Occupancy, 3, Noon));

        var status = track.Register(new Reading("r2", "facility:XH-toilet-001", ReadingType.Status, 1, Noon.AddMinutes(-1)));

        Assert.Equal(ReadingOutcome.Applied, status);
        Assert.Equal(Noon, track.LastHeardAt);
    }

    [Fact]
    public void Repeated_reading_id_is_applied_once_even_with_a_newer_time()
    {
        var track = new SensorTrack();
        track.Register(Occupancy("r1", Noon));

        Assert.Equal(ReadingOutcome.Duplicate, track.Register(Occupancy("r1", Noon.AddMinutes(5))));
        Assert.Equal(Noon, track.LastHeardAt);
    }

    [Fact]
    public void Repeat_is_recognised_while_its_id_is_among_the_remembered_ones()
    {
        var track = new SensorTrack();
        track.Register(Occupancy("first", Noon));
        for (int i = 1; i < SensorTrack.RememberedIds; i++) track.Register(Occupancy($"r{i}", Noon.AddSeconds(i)));

        Assert.Equal(ReadingOutcome.Duplicate, track.Register(Occupancy("first", Noon)));
    }

    [Fact]
    public void Repeat_beyond_the_remembered_ids_is_outdated_and_never_applied_again()
    {
        var track = new SensorTrack();
        track.Register(Occupancy("first", Noon));
        for (int i = 1; i <= SensorTrack.RememberedIds; i++) track.Register(Occupancy($"r{i}", Noon.AddSeconds(i)));

        Assert.Equal(ReadingOutcome.Outdated, track.Register(Occupancy("first", Noon)));
        Assert.Equal(Noon.AddSeconds(SensorTrack.RememberedIds), track.LastHeardAt);
    }

    [Fact]
    public void Forgotten_id_of_a_reading_that_was_outdated_stays_outdated()
    {
        var track = new SensorTrack();
        track.Register(Occupancy("newest", Noon.AddHours(1)));
        track.Register(Occupancy("late", Noon));
        for (int i = 1; i <= SensorTrack.RememberedIds; i++) track.Register(Occupancy($"r{i}", Noon.AddSeconds(i)));

        Assert.Equal(ReadingOutcome.Outdated, track.Register(Occupancy("late", Noon)));
        Assert.Equal(Noon.AddHours(1), track.LastHeardAt);
    }

    [Fact]
    public void Sensor_never_heard_from_is_silent()
    {
        var track = new SensorTrack();

        Assert.Null(track.LastHeardAt);
        Assert.True(track.IsSilent(Noon, SilenceLimit));
    }

    [Fact]
    public void Sensor_is_silent_only_once_more_than_the_limit_has_passed()
    {
        var track = new SensorTrack();
        track.Register(Occupancy("r1", Noon));

        Assert.False(track.IsSilent(Noon + SilenceLimit, SilenceLimit));
        Assert.True(track.IsSilent(Noon + SilenceLimit + TimeSpan.FromTicks(1), SilenceLimit));
    }

    [Fact]
    public void Sensor_heard_through_any_reading_type_is_not_silent()
    {
        var track = new SensorTrack();
        track.Register(new Reading("r1", "facility:XH-hall-001", ReadingType.Status, 0, Noon.AddHours(-1)));
        track.Register(new Reading("r2", "facility:XH-hall-001", ReadingType.QueueLength, 4, Noon.AddMinutes(-10)));

        Assert.False(track.IsSilent(Noon, SilenceLimit));
    }
}
