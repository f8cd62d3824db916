using System.Text.Json.Nodes;
using SmartCity.Grains.Quiz;

namespace SmartCity.Grains.Tests.Quiz;

/// <summary>Reading the quiz file the city edits: every mistake is named by question and field.</summary>
public sealed class QuizFileTests
{
    [Fact]
    public void Sound_file_gives_every_question_in_english_and_chinese()
    {
        var book = TestQuiz.Book;

        Assert.Equal(["hotline", "sorting", "parking", "safety-day"], book.Questions.Select(q => q.Id));
        var sorting = book.Question("sorting")!;
        Assert.Equal(("Where do used tissues go?", "用过的纸巾投放到哪里？"), (sorting.Text.En, sorting.Text.Zh));
        Assert.Equal(4, sorting.Options.Count);
        Assert.Equal(("Other waste", "其他垃圾"), (sorting.Options[sorting.CorrectOption].En, sorting.Options[sorting.CorrectOption].Zh));
        Assert.Null(sorting.Date);
        Assert.Equal(TestQuiz.SafetyDay, book.Question("safety-day")!.Date);
    }

    [Fact]
    public void Comments_and_a_trailing_comma_are_allowed_in_a_hand_edited_file()
    {
        string json = "// The city's quiz\n" + TestQuiz.Json().Replace("\"correctOption\": 1,", "\"correctOption\": 1, // 12345", StringComparison.Ordinal)
            .Replace("\"zh\": \"12315\"}]", "\"zh\": \"12315\"},]", StringComparison.Ordinal);

        Assert.Equal(4, TestQuiz.Read(json).Questions.Count);
    }

    [Fact]
    public void Id_used_twice_is_reported_on_the_second_question_naming_the_first()
    {
        var error = Assert.Single(TestQuiz.ReadFails(TestQuiz.JsonWith(2, q => q["id"] = "hotline")).Errors);

        Assert.Equal(("questions[2] (hotline)", "id"), (error.Question, error.Field));
        Assert.Contains("questions[0]", error.Message);
    }

    [Fact]
    public void Two_questions_dated_the_same_day_are_reported_naming_both()
    {
        var error = Assert.Single(TestQuiz.ReadFails(TestQuiz.JsonWith(2, q => q["date"] = "2026-12-02")).Errors);

        Assert.Equal(("questions[3] (safety-day)", "date"), (error.Question, error.Field));
        Assert.Contains("2026-12-02 already has questions[2] (parking)", error.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void Correct_option_outside_the_options_is_reported(int correctOption)
    {
        var error = Assert.Single(TestQuiz.ReadFails(TestQuiz.JsonWith(0, q => q["correctOption"] = correctOption)).Errors);

        Assert.Equal(("questions[0] (hotline)", "correctOption"), (error.Question, error.Field));
        Assert.Contains("0 to 2", error.Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Question_without_three_or_four_options_is_reported(int count)
    {
        var json = TestQuiz.JsonWith(2, q => q["options"] = new JsonArray(
            [.. Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject { ["en"] = $"Option {i}", ["zh"] = $"选项{i}" })]));

        var error = Assert.Single(TestQuiz.ReadFails(json).Errors);

        Assert.Equal(("questions[2] (parking)", "options"), (error.Question, error.Field));
        Assert.Contains($"has {count}", error.Message);
    }

    [Fact]
    public void Question_without_its_chinese_text_is_reported_as_text_zh()
    {
        var error = Assert.Single(TestQuiz.ReadFails(TestQuiz.JsonWith(1, q => q["text"]!.AsObject().Remove("zh"))).Errors);

        Assert.Equal(("questions[1] (sorting)", "text.zh"), (error.Question, error.Field));
    }

    [Fact]
    public void Blank_option_is_reported_by_its_index_and_language()
    {
        var error = Assert.Single(TestQuiz.ReadFails(TestQuiz.JsonWith(1, q => q["options"]![3]!["en"] = " ")).Errors);

        Assert.Equal(("questions[1] (sorting)", "options[3].en"), (error.Question, error.Field));
    }

    [Theory]
    [InlineData("2026-2-3")]
    [InlineData("02/12/2026")]
    [InlineData("2026-02-30")]
    [InlineData("2026-12-02T00:00:00")]
    public void Date_not_written_as_a_real_yyyy_MM_dd_day_is_reported(string date)
    {
        var error = Assert.Single(TestQuiz.ReadFails(TestQuiz.JsonWith(3, q => q["date"] = date)).Errors);

        Assert.Equal(("questions[3] (safety-day)", "date"), (error.Question, error.Field));
        Assert.Contains(date, error.Message);
    }

    [Fact]
    public void Misspelt_field_is_reported_as_unknown_and_the_field_it_meant_as_missing()
    {
        var json = TestQuiz.JsonWith(0, q =>
        {
            q["correctoption"] = q["correctOption"]!.DeepClone();
            q.Remove("correctOption");
        });

        var errors = TestQuiz.ReadFails(json).Errors;

        Assert.Equal(["correctOption", "correctoption"], errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.All(errors, e => Assert.Equal("questions[0] (hotline)", e.Question));
    }

    [Theory]
    [InlineData("Hotline")]
    [InlineData("hot line")]
    [InlineData("")]
    public void Id_other_than_lowercase_letters_digits_and_dashes_is_reported(string id)
    {
        var error = Assert.Single(TestQuiz.ReadFails(TestQuiz.JsonWith(0, q => q["id"] = id)).Errors);

        Assert.Equal("id", error.Field);
        Assert.StartsWith("questions[0]", error.Question, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_in_the_file_is_reported_at_once()
    {
        var json = JsonNode.Parse(TestQuiz.JsonWith(0, q => q["correctOption"] = 7))!.AsObject();
        json["questions"]![3]!["explanation"] = "Article 47";

        var exception = TestQuiz.ReadFails(json.ToJsonString());

        Assert.Equal([("questions[0] (hotline)", "correctOption"), ("questions[3] (safety-day)", "explanation")],
            exception.Errors.Select(e => (e.Question, e.Field)).Order());
        Assert.Contains("2 errors", exception.Message);
    }

    [Fact]
    public void Text_that_is_not_json_is_reported_with_its_line()
    {
        var error = Assert.Single(TestQuiz.ReadFails("{\n  \"questions\": [\n    {\"id\": \"a\",,}\n  ]\n}").Errors);

        Assert.Equal("file", error.Question);
        Assert.Contains("line 3", error.Message);
    }

    [Theory]
    [InlineData("{\"questions\": []}")]
    [InlineData("{\"question\": [{}]}")]
    [InlineData("[]")]
    public void File_without_a_list_of_questions_is_reported(string json)
    {
        var error = Assert.Single(TestQuiz.ReadFails(json).Errors);

        Assert.Equal(("file", "questions"), (error.Question, error.Field));
    }

    [Fact]
    public void Error_message_names_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"quiz-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, TestQuiz.JsonWith(0, q => q["correctOption"] = 3));
        try
        {
            var exception = Assert.Throws<QuizFileException>(() => QuizBook.ReadFile(path));

            Assert.Contains(path, exception.Message);
            Assert.Contains("questions[0] (hotline) correctOption", exception.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Book_built_in_code_is_checked_like_a_file()
    {
        var question = TestQuiz.Book.Question("hotline")!;

        var exception = Assert.Throws<QuizFileException>(() => new QuizBook([question, question with { Date = null }]));

        Assert.Equal(("questions[1] (hotline)", "id"), (exception.Errors[0].Question, exception.Errors[0].Field));
    }
}
