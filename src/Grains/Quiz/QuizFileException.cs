using System.Text;

namespace SmartCity.Grains.Quiz;

/// <summary>
/// One problem in a quiz file. <paramref name="Question"/> names where it is, e.g.
/// "questions[4] (parking-yellow-kerb)", or "file" for the file as a whole; <paramref name="Field"/>
/// is the JSON member, e.g. "options[2].zh", or empty when the problem is the whole JSON text.
/// </summary>
public sealed record QuizFileError(string Question, string Field, string Message)
{
    public override string ToString() =>
        Field.Length == 0 ? $"{Question}: {Message}" : $"{Question} {Field}: {Message}";
}

/// <summary>A quiz file that cannot be used, with every problem found in it.</summary>
public sealed class QuizFileException : Exception
{
    // A hand-edited file of a few dozen questions: show every problem, up to a screenful.
    private const int ErrorsInMessage = 20;

    public QuizFileException(IReadOnlyList<QuizFileError> errors, string? path = null)
        : base(Describe(errors, path))
    {
        Errors = errors;
    }

    public IReadOnlyList<QuizFileError> Errors { get; }

    private static string Describe(IReadOnlyList<QuizFileError> errors, string? path)
    {
        var text = new StringBuilder("The quiz file");
        if (path is not null) text.Append(" '").Append(path).Append('\'');
        text.Append(errors.Count == 1 ? " has 1 error:" : $" has {errors.Count} errors:");
        foreach (var error in errors.Take(ErrorsInMessage))
        {
            text.Append(Environment.NewLine).Append("  ").Append(error);
        }
        if (errors.Count > ErrorsInMessage)
        {
            text.Append(Environment.NewLine).Append("  ... and ").Append(errors.Count - ErrorsInMessage).Append(" more");
        }
        return text.ToString();
    }
}
