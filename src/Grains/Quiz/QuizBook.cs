using System.Buffers;

namespace SmartCity.Grains.Quiz;

/// <summary>A text in the city's two languages.</summary>
public sealed record QuizText(string En, string Zh);

/// <summary>One quiz question; its options are numbered from 0 and <paramref name="CorrectOption"/> is one of them.</summary>
public sealed record QuizQuestion(
    string Id,
    DateOnly? Date,
    QuizText Text,
    IReadOnlyList<QuizText> Options,
    int CorrectOption,
    QuizText Explanation);

/// <summary>
/// The daily quiz as the city wrote it (src/Silo/config/quiz.json): which question each day gets.
/// A book only exists valid: ids unique, at most one question per date, 3-4 options, the correct
/// option among them.
/// </summary>
public sealed class QuizBook
{
    public const int MinOptions = 3;
    public const int MaxOptions = 4;
    public const int MaxIdLength = 64;
    public const int MaxTextLength = 300;
    public const int MaxOptionLength = 120;
    public const int MaxExplanationLength = 600;

    private static readonly SearchValues<char> IdCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    private readonly Dictionary<string, QuizQuestion> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<DateOnly, QuizQuestion> _byDate = [];
    private readonly QuizQuestion[] _undated;

    /// <summary>Builds a book; throws <see cref="QuizFileException"/> listing every problem.</summary>
    public QuizBook(IReadOnlyList<QuizQuestion> questions)
    {
        var errors = Validate(questions);
        if (errors.Count > 0) throw new QuizFileException(errors);
        Questions = questions;
        foreach (var question in questions)
        {
            _byId.Add(question.Id, question);
            if (question.Date is { } date) _byDate.Add(date, question);
        }
        _undated = [.. questions.Where(q => q.Date is null)];
    }

    /// <summary>Every question in file order.</summary>
    public IReadOnlyList<QuizQuestion> Questions { get; }

    /// <summary>
    /// The question of a day. A question dated that day comes first. Every other day takes the
    /// undated questions in file order, one a day, by the day's number (days since 0001-01-01,
    /// <see cref="DateOnly.DayNumber"/>): day N gets undated[N mod count]. So every silo and every
    /// start gives a date the same question, without any stored state. Adding or removing an undated
    /// question shifts the rotation from then on; a date pins a question to its day whatever else
    /// the file holds. Null when no question is dated that day and none is undated.
    /// </summary>
    public QuizQuestion? QuestionFor(DateOnly day)
    {
        if (_byDate.TryGetValue(day, out var dated)) return dated;
        return _undated.Length == 0 ? null : _undated[day.DayNumber % _undated.Length];
    }

    public QuizQuestion? Question(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Reads and validates a quiz file (JSON; comments and trailing commas allowed).</summary>
    public static QuizBook Read(Stream utf8Json, string? path = null)
    {
        var reader = new QuizFileReader();
        var questions = reader.Read(utf8Json) ?? throw new QuizFileException(reader.Errors, path);
        var errors = new List<QuizFileError>(reader.Errors);
        errors.AddRange(Validate(questions));
        if (errors.Count > 0) throw new QuizFileException(errors, path);
        return new QuizBook([.. questions.OfType<QuizQuestion>()]);
    }

    public static QuizBook ReadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>The problems of questions that were read; a null entry is one the reader already reported.</summary>
    internal static List<QuizFileError> Validate(IReadOnlyList<QuizQuestion?> questions)
    {
        var errors = new List<QuizFileError>();
        if (questions.Count == 0) errors.Add(new QuizFileError("file", "questions", "The quiz needs at least one question."));
        var firstWithId = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstOnDate = new Dictionary<DateOnly, int>();
        for (int i = 0; i < questions.Count; i++)
        {
            if (questions[i] is not { } question) continue;
            string label = LabelOf(i, question.Id);
            void Add(string field, string message) => errors.Add(new QuizFileError(label, field, message));

            if (question.Id.Length is 0 or > MaxIdLength || question.Id.AsSpan().ContainsAnyExcept(IdCharacters))
            {
                Add("id", $"An id is 1 to {MaxIdLength} lowercase letters, digits and '-'; got '{question.Id}'.");
            }
            else if (!firstWithId.TryAdd(question.Id, i))
            {
                Add("id", $"'{question.Id}' is already the id of questions[{firstWithId[question.Id]}]; ids must be unique.");
            }
            if (question.Date is { } date && !firstOnDate.TryAdd(date, i))
            {
                int first = firstOnDate[date];
                Add("date", $"{date:yyyy-MM-dd} already has {LabelOf(first, questions[first]!.Id)}; a day has one question.");
            }
            CheckText(question.Text, "text", MaxTextLength, Add);
            if (question.Options.Count is < MinOptions or > MaxOptions)
            {
                Add("options", $"A question has {MinOptions} or {MaxOptions} options; this one has {question.Options.Count}.");
            }
            for (int o = 0; o < question.Options.Count; o++) CheckText(question.Options[o], $"options[{o}]", MaxOptionLength, Add);
            if (question.CorrectOption < 0 || question.CorrectOption >= question.Options.Count)
            {
                Add("correctOption", $"correctOption is the index of an option, 0 to {question.Options.Count - 1}; got {question.CorrectOption}.");
            }
            CheckText(question.Explanation, "explanation", MaxExplanationLength, Add);
        }
        return errors;
    }

    internal static string LabelOf(int index, string? id) =>
        string.IsNullOrEmpty(id) ? $"questions[{index}]" : $"questions[{index}] ({id})";

    private static void CheckText(QuizText text, string field, int maxLength, Action<string, string> add)
    {
        foreach (var (language, value) in new[] { ("en", text.En), ("zh", text.Zh) })
        {
            if (string.IsNullOrWhiteSpace(value)) add($"{field}.{language}", "Must not be empty.");
            else if (value.Length > maxLength) add($"{field}.{language}", $"At most {maxLength} characters; this one has {value.Length}.");
        }
    }
}
