using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using SmartCity.Grains.Persistence;
using SmartCity.Grains.Quiz;
using SmartCity.Grains.Tests.Cluster;

namespace SmartCity.Grains.Tests.Quiz;

/// <summary>The quiz day grain on the shared cluster (demo city, <see cref="TestQuiz"/>); each test takes a day of its own.</summary>
[Collection(SharedCluster.Name)]
public sealed class QuizDayGrainTests(ClusterFixture fixture)
{
    private static IQuizDayGrain DayGrain(IGrainFactory grains, DateOnly day) => grains.GetGrain<IQuizDayGrain>(QuizDayKey.Of(day));

    private static (int Right, int Wrong) Choices(DateOnly day)
    {
        var question = TestQuiz.Book.QuestionFor(day)!;
        return (question.CorrectOption, (question.CorrectOption + 1) % question.Options.Count);
    }

    private static int ResidentsOf(string districtId) =>
        TestCity.Map.Definition.GridCells.Where(c => c.DistrictId == districtId).Sum(c => c.Residents);

    [Fact]
    public async Task Citizen_answers_once_a_day_and_a_second_answer_is_refused_leaving_the_first()
    {
        var day = TestQuiz.TakeDay();
        var (right, wrong) = Choices(day);
        var grain = DayGrain(fixture.Grains, day);

        var first = await grain.AnswerAsync(new QuizAnswer("citizen-1", "district:XH", wrong));
        var second = await grain.AnswerAsync(new QuizAnswer("citizen-1", "district:GS", right));

        Assert.Equal((QuizAnswerStatus.Recorded, (bool?)false), (first.Status, first.Correct));
        Assert.Equal((QuizAnswerStatus.AlreadyAnswered, (bool?)null), (second.Status, second.Correct));
        var results = await grain.GetResultsAsync();
        Assert.Equal((1, 0), (results.City.Participants, results.City.CorrectAnswers));
        Assert.Equal(1, results.Districts.Single(d => d.Id == "district:XH").Participants);
        Assert.Equal(0, results.Districts.Single(d => d.Id == "district:GS").Participants);
    }

    [Fact]
    public async Task Citizen_who_answered_yesterday_may_answer_today()
    {
        var today = TestQuiz.TakeDay();
        var yesterday = TestQuiz.TakeDay();
        await DayGrain(fixture.Grains, yesterday).AnswerAsync(new QuizAnswer("citizen-2", "district:XH", 0));

        var receipt = await DayGrain(fixture.Grains, today).AnswerAsync(new QuizAnswer("citizen-2", "district:XH", 0));

        Assert.Equal(QuizAnswerStatus.Recorded, receipt.Status);
    }

    [Fact]
    public async Task Results_count_each_district_and_the_city_from_that_days_answers()
    {
        var day = TestQuiz.TakeDay();
        var (right, wrong) = Choices(day);
        var grain = DayGrain(fixture.Grains, day);
        await grain.AnswerAsync(new QuizAnswer("xh-1", "district:XH", right));
        await grain.AnswerAsync(new QuizAnswer("xh-2", "district:XH", right));
        await grain.AnswerAsync(new QuizAnswer("xh-3", "district:XH", wrong));
        await grain.AnswerAsync(new QuizAnswer("gs-1", "district:GS", wrong));
        await DayGrain(fixture.Grains, TestQuiz.TakeDay()).AnswerAsync(new QuizAnswer("other-day", "district:XH", right));

        var results = await grain.GetResultsAsync();

        int xihu = ResidentsOf("district:XH"), gongshu = ResidentsOf("district:GS"), city = TestCity.Map.Definition.GridCells.Sum(c => c.Residents);
        Assert.Equal(day, results.Date);
        Assert.Equal(new QuizAreaResult("district:XH", "Xihu", xihu, 3, 2, 0.6667, Math.Round(3 * 10_000.0 / xihu, 2)), results.Districts.Single(d => d.Id == "district:XH"));
        Assert.Equal(new QuizAreaResult("district:GS", "Gongshu", gongshu, 1, 0, 0, Math.Round(10_000.0 / gongshu, 2)), results.Districts.Single(d => d.Id == "district:GS"));
        Assert.Equal(new QuizAreaResult("city", TestCity.Map.Definition.Name, city, 4, 2, 0.5, Math.Round(4 * 10_000.0 / city, 2)), results.City);
        Assert.Equal(TestCity.Map.Definition.Districts.Select(d => d.Id), results.Districts.Select(d => d.Id));
        Assert.All(results.Districts.Where(d => d.Id is not ("district:XH" or "district:GS")), d => Assert.Equal((0, null, 0.0), (d.Participants, d.ShareCorrect, d.ParticipantsPer10000Residents)));
    }

    [Fact]
    public async Task Answer_is_in_storage_by_the_time_it_is_acknowledged()
    {
        var day = TestQuiz.TakeDay();
        var grain = DayGrain(fixture.Grains, day);

        await grain.AnswerAsync(new QuizAnswer("stored-1", "district:YH", 1));

        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Twin);
        var stored = new GrainState<QuizDayState>(new QuizDayState());
        await storage.ReadStateAsync("quizday", grain.GetGrainId(), stored);
        var answer = Assert.Single(stored.State!.Answers);
        Assert.Equal("stored-1", answer.Key);
        Assert.Equal(("district:YH", 1, TestQuiz.Book.QuestionFor(day)!.Id), (answer.Value.DistrictId, answer.Value.Choice, answer.Value.QuestionId));
    }

    [Fact]
    public async Task Answers_and_the_one_answer_rule_survive_the_grain_being_deactivated()
    {
        var day = TestQuiz.TakeDay();
        var (right, _) = Choices(day);
        var grain = DayGrain(fixture.Grains, day);
        await grain.AnswerAsync(new QuizAnswer("kept-1", "district:SC", right));

        await fixture.Cluster.DeactivateAsync(grain);

        var again = await grain.AnswerAsync(new QuizAnswer("kept-1", "district:SC", right));
        var results = await grain.GetResultsAsync();
        Assert.Equal(QuizAnswerStatus.AlreadyAnswered, again.Status);
        Assert.Equal((1, 1), (results.City.Participants, results.City.CorrectAnswers));
    }

    [Fact]
    public async Task Dated_question_is_the_one_answered_on_its_day()
    {
        var grain = DayGrain(fixture.Grains, TestQuiz.SafetyDay);

        var receipt = await grain.AnswerAsync(new QuizAnswer("safety-1", "district:XS", 2));

        Assert.Equal(("safety-day", (bool?)true), (receipt.QuestionId, receipt.Correct));
    }
}
