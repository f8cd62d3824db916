using System.Globalization;

namespace SmartCity.Api.Tests.Quiz;

/// <summary>The quiz day follows the city's wall clock; these move the clock of their own twin.</summary>
[Collection(MovingClockTwin.Name)]
public sealed class QuizDayIsLocalTests(TwinFixture twin)
{
    [Fact]
    public async Task Todays_question_turns_over_at_local_midnight_not_at_utc_midnight()
    {
        // 00:30 in Hangzhou (UTC+8) is 16:30 UTC of the day before.
        var target = twin.City.LocalTime(twin.Now).Date.AddDays(1).AddMinutes(30);
        var utc = MoveClockTo(target);
        try
        {
            var question = await twin.GetAsync("/api/quiz/today");
            var results = await twin.GetAsync("/api/quiz/today/results");

            Assert.NotEqual(DateOnly.FromDateTime(utc), DateOnly.FromDateTime(target));
            Assert.Equal(target.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), question.GetProperty("date").GetString());
            Assert.Equal(question.GetProperty("date").GetString(), results.GetProperty("date").GetString());
        }
        finally
        {
            // Leave the clock in the daytime that the other tests of this twin start from.
            MoveClockTo(target.Date.AddHours(10));
        }
    }

    /// <summary>Sets the city clock to a local wall-clock time; returns that time in UTC.</summary>
    private DateTime MoveClockTo(DateTime local)
    {
        var utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), twin.City.TimeZone);
        twin.Time.SetUtcNow(new DateTimeOffset(utc));
        return utc;
    }
}
