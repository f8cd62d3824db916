using SmartCity.Grains.Quiz;

namespace SmartCity.Grains.Tests.Quiz;

/// <summary>Which question a day gets: its dated question, otherwise the undated ones in turn by day number.</summary>
public sealed class QuestionOfTheDayTests
{
    private static readonly QuizBook Book = TestQuiz.Book;

    [Fact]
    public void Dated_question_is_the_question_of_its_day()
    {
        Assert.Equal("safety-day", Book.QuestionFor(TestQuiz.SafetyDay)!.Id);
    }

    [Fact]
    public void Undated_questions_take_turns_in_file_order_by_day_number()
    {
        // 2026-11-25 is day 739,944 since 0001-01-01, and 739,944 = 3 x 246,648: the first undated question.
        var day = new DateOnly(2026, 11, 25);
        Assert.Equal(739_944, day.DayNumber);

        var ids = Enumerable.Range(0, 5).Select(i => Book.QuestionFor(day.AddDays(i))!.Id);

        Assert.Equal(["hotline", "sorting", "parking", "hotline", "sorting"], ids);
    }

    [Fact]
    public void Dated_day_keeps_its_question_out_of_the_turns_of_other_days()
    {
        var days = Enumerable.Range(-200, 401).Select(TestQuiz.SafetyDay.AddDays).ToArray();

        var safetyDays = days.Where(d => Book.QuestionFor(d)!.Id == "safety-day");

        Assert.Equal([TestQuiz.SafetyDay], safetyDays);
        // The days either side keep the turn the day number gives them: 739,950 mod 3 = 0, 739,952 mod 3 = 2.
        Assert.Equal(("hotline", "parking"), (Book.QuestionFor(TestQuiz.SafetyDay.AddDays(-1))!.Id, Book.QuestionFor(TestQuiz.SafetyDay.AddDays(1))!.Id));
    }

    [Fact]
    public void Same_day_gets_the_same_question_from_the_same_file_read_again()
    {
        var again = TestQuiz.Read(TestQuiz.Json());

        Assert.All(Enumerable.Range(0, 60).Select(i => new DateOnly(2027, 1, 1).AddDays(i)),
            day => Assert.Equal(Book.QuestionFor(day)!.Id, again.QuestionFor(day)!.Id));
    }

    [Fact]
    public void Quiz_of_dated_questions_only_has_no_question_on_other_days()
    {
        var datedOnly = new QuizBook([Book.Question("safety-day")!]);

        Assert.Equal("safety-day", datedOnly.QuestionFor(TestQuiz.SafetyDay)!.Id);
        Assert.Null(datedOnly.QuestionFor(TestQuiz.SafetyDay.AddDays(1)));
    }
}
