using SmartCity.Grains.City;
using SmartCity.Grains.Quiz;
using SmartCity.Grains.Tests.City;

namespace SmartCity.Grains.Tests.Quiz;

/// <summary>A day's results counted from its answers, on the two-cell small city (Xihu: 800 + 600 = 1,400 residents).</summary>
public sealed class QuizTallyTests
{
    private static readonly DateOnly Day = new(2026, 11, 25);
    private static readonly CityMap SmallTown = new(SmallCity.Create());

    private static QuizDayAnswer Answer(string districtId, bool correct) =>
        new("hotline", districtId, correct ? 1 : 0, correct, DateTimeOffset.UnixEpoch);

    [Fact]
    public void District_results_count_participants_correct_answers_share_and_participation_per_10000_residents()
    {
        var results = QuizTally.Count(Day, [Answer("district:XH", true), Answer("district:XH", true), Answer("district:XH", false)], SmallTown);

        var xihu = Assert.Single(results.Districts);
        // 2 of 3 correct; 3 of 1,400 residents is 21.43 per 10,000.
        Assert.Equal(new QuizAreaResult("district:XH", "Xihu", 1400, 3, 2, 0.6667, 21.43), xihu);
        Assert.Equal(new QuizAreaResult("city", "Small town", 1400, 3, 2, 0.6667, 21.43), results.City);
        Assert.Equal(Day, results.Date);
    }

    [Fact]
    public void Day_without_answers_has_no_share_correct_and_no_participation()
    {
        var results = QuizTally.Count(Day, [], SmallTown);

        Assert.Equal(new QuizAreaResult("district:XH", "Xihu", 1400, 0, 0, null, 0), Assert.Single(results.Districts));
    }

    [Fact]
    public void Answer_from_a_district_no_longer_in_the_city_counts_for_the_city_only()
    {
        var results = QuizTally.Count(Day, [Answer("district:XH", false), Answer("district:GONE", true)], SmallTown);

        Assert.Equal((1, 0), (results.Districts[0].Participants, results.Districts[0].CorrectAnswers));
        Assert.Equal((2, 1, 0.5), (results.City.Participants, results.City.CorrectAnswers, results.City.ShareCorrect));
    }
}
