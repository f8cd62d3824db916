using SmartCity.Grains.Facilities;

namespace SmartCity.Grains.Tests.City;

public sealed class OpeningHoursTests
{
    // 25 November 2026 is a Wednesday.
    private static readonly DateTime Wednesday = new(2026, 11, 25);
    private static readonly DateTime Friday = Wednesday.AddDays(2), Saturday = Wednesday.AddDays(3);
    private static readonly DateTime Sunday = Wednesday.AddDays(4), Monday = Wednesday.AddDays(5);

    [Fact]
    public void Always_open_never_changes()
    {
        var hours = OpeningHours.Parse("24/7");

        Assert.True(hours.IsOpenAt(Sunday.AddHours(3)));
        Assert.True(hours.IsOpenAt(Wednesday.AddHours(23.99)));
        Assert.Null(hours.TimeUntilChange(Monday));
    }

    [Fact]
    public void Weekday_office_hours_are_open_on_wednesday_morning_and_closed_on_saturday()
    {
        var hours = OpeningHours.Parse("Mo-Fr 08:30-17:00");

        Assert.True(hours.IsOpenAt(Wednesday.AddHours(9)));
        Assert.False(hours.IsOpenAt(Wednesday.AddHours(8)));
        Assert.False(hours.IsOpenAt(Wednesday.AddHours(17)));
        Assert.False(hours.IsOpenAt(Saturday.AddHours(10)));
    }

    [Fact]
    public void Evening_hours_run_past_midnight_into_the_next_day()
    {
        var hours = OpeningHours.Parse("Fr 22:00-02:00");

        Assert.True(hours.IsOpenAt(Friday.AddHours(23)));
        Assert.True(hours.IsOpenAt(Saturday.AddHours(1)));
        Assert.False(hours.IsOpenAt(Saturday.AddHours(2)));
        Assert.False(hours.IsOpenAt(Friday.AddHours(1)));
    }

    [Fact]
    public void Later_sunday_off_overrides_an_earlier_every_day_rule()
    {
        var hours = OpeningHours.Parse("Mo-Su 08:00-20:00; Su off");

        Assert.False(hours.IsOpenAt(Sunday.AddHours(10)));
        Assert.True(hours.IsOpenAt(Saturday.AddHours(10)));
        Assert.True(hours.IsOpenAt(Monday.AddHours(10)));
    }

    [Fact]
    public void Time_until_change_counts_to_the_next_opening_or_closing()
    {
        var hours = OpeningHours.Parse("Mo-Fr 08:30-17:00");

        Assert.Equal(TimeSpan.FromHours(1), hours.TimeUntilChange(Wednesday.AddHours(16)));
        Assert.Equal(TimeSpan.FromSeconds(30), hours.TimeUntilChange(Wednesday.AddHours(17).AddSeconds(-30)));
        Assert.Equal(TimeSpan.FromHours(62.5), hours.TimeUntilChange(Friday.AddHours(18)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Mo-Fr 8-17")]
    [InlineData("Xy 08:00-10:00")]
    [InlineData("Mo-Fr 08:00-25:00")]
    public void Invalid_text_gives_an_error_not_an_exception(string text)
    {
        Assert.False(OpeningHours.TryParse(text, out var hours, out string error));
        Assert.Null(hours);
        Assert.NotEmpty(error);
        Assert.Throws<FormatException>(() => OpeningHours.Parse(text));
    }
}
