using System.Globalization;

namespace SmartCity.Grains.Quiz;

/// <summary>
/// One day of the daily quiz, keyed <see cref="QuizDayKey.Of"/> ("quiz:2026-11-25"): the citizens'
/// answers to that day's question, one per citizen, and the results per district.
/// </summary>
[Alias("IQuizDayGrain")]
public interface IQuizDayGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records a citizen's answer to the day's question and returns only once it is stored. A citizen
    /// answers once a day: a second answer is refused and the first one stands.
    /// </summary>
    [Alias("Answer")]
    Task<QuizReceipt> AnswerAsync(QuizAnswer answer);

    [Alias("GetResults"), ReadOnly]
    Task<QuizResults> GetResultsAsync();
}

/// <summary>Grain keys of quiz days: "quiz:" and the city's local date.</summary>
public static class QuizDayKey
{
    private const string Prefix = "quiz:";
    private const string DateFormat = "yyyy-MM-dd";

    public static string Of(DateOnly day) => Prefix + day.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static DateOnly DayOf(string key) =>
        key.StartsWith(Prefix, StringComparison.Ordinal)
        && DateOnly.TryParseExact(key.AsSpan(Prefix.Length), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new ArgumentException($"'{key}' is not a quiz day key such as 'quiz:2026-11-25'.", nameof(key));
}

/// <summary>A citizen's answer: the index of the option they chose, and the district they live in.</summary>
[GenerateSerializer, Immutable, Alias("QuizAnswer")]
public sealed record QuizAnswer(
    [property: Id(0)] string CitizenId,
    [property: Id(1)] string DistrictId,
    [property: Id(2)] int Choice);

[Alias("QuizAnswerStatus")]
public enum QuizAnswerStatus
{
    Recorded,
    AlreadyAnswered,
}

/// <summary>What became of an answer; <paramref name="Correct"/> is null when it was refused.</summary>
[GenerateSerializer, Immutable, Alias("QuizReceipt")]
public sealed record QuizReceipt(
    [property: Id(0)] QuizAnswerStatus Status,
    [property: Id(1)] string QuestionId,
    [property: Id(2)] bool? Correct);

/// <summary>A day's results for the city and for each district; they never name a citizen.</summary>
[GenerateSerializer, Immutable, Alias("QuizResults")]
public sealed record QuizResults(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] QuizAreaResult City,
    [property: Id(2)] IReadOnlyList<QuizAreaResult> Districts);

/// <summary>
/// Participation and share correct in one area. <paramref name="ShareCorrect"/> (0 to 1, 4 places) is
/// null without participants; <paramref name="ParticipantsPer10000Residents"/> (2 places) is null
/// for an area without residents.
/// </summary>
[GenerateSerializer, Immutable, Alias("QuizAreaResult")]
public sealed record QuizAreaResult(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] int Residents,
    [property: Id(3)] int Participants,
    [property: Id(4)] int CorrectAnswers,
    [property: Id(5)] double? ShareCorrect,
    [property: Id(6)] double? ParticipantsPer10000Residents);

/// <summary>Persisted answers of one quiz day, by citizen id.</summary>
[GenerateSerializer, Alias("QuizDayState")]
public sealed class QuizDayState
{
    [Id(0)] public Dictionary<string, QuizDayAnswer> Answers { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// One citizen's answer as stored. The verdict is kept with it, so editing the quiz file later never
/// changes a result already given.
/// </summary>
[GenerateSerializer, Immutable, Alias("QuizDayAnswer")]
public sealed record QuizDayAnswer(
    [property: Id(0)] string QuestionId,
    [property: Id(1)] string DistrictId,
    [property: Id(2)] int Choice,
    [property: Id(3)] bool Correct,
    [property: Id(4)] DateTimeOffset AnsweredAt);
