using SmartCity.Grains.Quiz;
using SmartCity.Silo.Hosting;

namespace SmartCity.Api.Tests.Quiz;

/// <summary>The quiz file shipped beside the binaries, as the twin loads it at start.</summary>
public sealed class ShippedQuizTests
{
    private static readonly QuizBook Book = QuizBook.ReadFile(Path.Combine(AppContext.BaseDirectory, QuizLoader.DefaultPath));

    [Fact]
    public void Shipped_quiz_has_about_thirty_questions_and_every_undated_one_comes_up_within_their_count_of_days()
    {
        var undated = Book.Questions.Where(q => q.Date is null).Select(q => q.Id).ToHashSet();
        var start = new DateOnly(2027, 6, 1);

        var asked = Enumerable.Range(0, undated.Count).Select(i => Book.QuestionFor(start.AddDays(i))!.Id).ToHashSet();

        Assert.InRange(Book.Questions.Count, 30, 40);
        Assert.Equal(undated, asked);
    }

    [Fact]
    public void Shipped_dated_questions_fall_on_their_days()
    {
        Assert.Equal("traffic-safety-day-yield", Book.QuestionFor(new DateOnly(2026, 12, 2))!.Id);
        Assert.Equal("consumer-rights-12315", Book.QuestionFor(new DateOnly(2027, 3, 15))!.Id);
    }
}
