namespace SmartCity.Api.Tests.Quiz;

/// <summary>
/// A twin of its own whose quiz file (Quiz:Path) has one question, dated the day before
/// <see cref="TwinFixture.Start"/>, and none undated: today has no question.
/// </summary>
public sealed class DatedQuizTwin : TwinFixture
{
    public const string QuestionDay = "2026-11-24";

    private readonly string _quizPath = Path.Combine(Path.GetTempPath(), $"smartcity-quiz-{Guid.NewGuid():N}.json");

    protected override IEnumerable<string> ExtraArguments
    {
        get
        {
            File.WriteAllText(_quizPath, $$"""
                {"questions": [{
                  "id": "only-question", "date": "{{QuestionDay}}",
                  "text": {"en": "Which number is the service hotline?", "zh": "便民热线是哪个号码？"},
                  "options": [{"en": "110", "zh": "110"}, {"en": "12345", "zh": "12345"}, {"en": "119", "zh": "119"}],
                  "correctOption": 1,
                  "explanation": {"en": "12345.", "zh": "12345。"}
                }]}
                """);
            return [$"--Quiz:Path={_quizPath}"];
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(_quizPath);
    }
}
