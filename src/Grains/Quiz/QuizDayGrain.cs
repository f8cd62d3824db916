using SmartCity.Grains.City;
using SmartCity.Grains.Persistence;

namespace SmartCity.Grains.Quiz;

/// <summary>
/// Keeps one day's quiz answers. Unlike sensor-driven state, an answer is a person's input: it is
/// written to storage before the citizen is told it was recorded, never behind.
/// </summary>
public sealed class QuizDayGrain(
    [PersistentState("quizday", StorageNames.Twin)] IPersistentState<QuizDayState> state,
    QuizBook book,
    CityMap city,
    CityClock clock) : Grain, IQuizDayGrain
{
    private DateOnly _day;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _day = QuizDayKey.DayOf(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task<QuizReceipt> AnswerAsync(QuizAnswer answer)
    {
        // The API checks all of this first and answers the citizen with problem details.
        var question = book.QuestionFor(_day) ?? throw new InvalidOperationException($"There is no quiz question on {_day:yyyy-MM-dd}.");
        if (city.District(answer.DistrictId) is null) throw new ArgumentException($"There is no district '{answer.DistrictId}'.", nameof(answer));
        if (answer.Choice < 0 || answer.Choice >= question.Options.Count) throw new ArgumentOutOfRangeException(nameof(answer), answer.Choice, "No such option.");

        var answers = state.State.Answers;
        if (answers.ContainsKey(answer.CitizenId)) return new QuizReceipt(QuizAnswerStatus.AlreadyAnswered, question.Id, null);
        bool correct = answer.Choice == question.CorrectOption;
        answers.Add(answer.CitizenId, new QuizDayAnswer(question.Id, answer.DistrictId, answer.Choice, correct, clock.Now));
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored, so not recorded: the citizen gets an error and may answer again.
            answers.Remove(answer.CitizenId);
            throw;
        }
        return new QuizReceipt(QuizAnswerStatus.Recorded, question.Id, correct);
    }

    public Task<QuizResults> GetResultsAsync() => Task.FromResult(QuizTally.Count(_day, state.State.Answers.Values, city));
}
