using System.Text.Json.Serialization;
using SmartCity.Grains.Quiz;

namespace SmartCity.Api.Quiz;

/// <summary>A quiz text in the languages asked for: both unless ?lang names one.</summary>
public sealed record QuizTextView(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? En,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Zh)
{
    public static QuizTextView Of(QuizText text, QuizLanguage? language) => language switch
    {
        QuizLanguage.En => new(text.En, null),
        QuizLanguage.Zh => new(null, text.Zh),
        _ => new(text.En, text.Zh),
    };
}

/// <summary>Today's question as a citizen sees it: options are answered by their index, from 0.</summary>
public sealed record QuizQuestionView(DateOnly Date, string QuestionId, QuizTextView Text, IReadOnlyList<QuizTextView> Options);

/// <summary>A recorded answer: whether it was right, which option was, and why.</summary>
public sealed record QuizAnswerView(DateOnly Date, string QuestionId, int Choice, bool Correct, int CorrectOption, QuizTextView Explanation);

/// <summary>A day's results for the city and each district; no citizen is named.</summary>
public sealed record QuizResultsView(
    DateOnly Date, string QuestionId, QuizTextView Text, QuizAreaResult City, IReadOnlyList<QuizAreaResult> Districts);
