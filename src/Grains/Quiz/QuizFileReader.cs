using System.Globalization;
using System.Text.Json;

namespace SmartCity.Grains.Quiz;

/// <summary>
/// Reads the JSON of a quiz file into questions, naming each question and field that has the wrong
/// shape (missing, wrong type, unknown member, a date that is not yyyy-MM-dd). What the values mean
/// together (unique ids, one question a day, the correct option among the options) is checked by
/// <see cref="QuizBook"/>.
/// </summary>
internal sealed class QuizFileReader
{
    private static readonly JsonDocumentOptions Options = new()
    {
        // The city edits the file by hand: let it carry notes and forgive a trailing comma.
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly string[] Members = ["id", "date", "text", "options", "correctOption", "explanation"];

    public List<QuizFileError> Errors { get; } = [];

    /// <summary>
    /// One entry per question in the file, null where the question could not be read; null for a
    /// file that is not JSON or holds no list of questions.
    /// </summary>
    public IReadOnlyList<QuizQuestion?>? Read(Stream utf8Json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, Options);
        }
        catch (JsonException e)
        {
            // The reader counts lines and bytes from 0; people count from 1.
            string reason = e.Message;
            int position = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (position > 0) reason = reason[..position];
            Errors.Add(new QuizFileError("file", "", $"Not valid JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: {reason}"));
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("questions", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                Errors.Add(new QuizFileError("file", "questions", "The file is an object whose 'questions' is an array of questions."));
                return null;
            }
            return [.. list.EnumerateArray().Select(ReadQuestion)];
        }
    }

    private QuizQuestion? ReadQuestion(JsonElement item, int index)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            Errors.Add(new QuizFileError(QuizBook.LabelOf(index, null), "", "Each question is a JSON object."));
            return null;
        }
        string? id = item.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
        string label = QuizBook.LabelOf(index, id);
        int errorsBefore = Errors.Count;
        void Add(string field, string message) => Errors.Add(new QuizFileError(label, field, message));

        foreach (var member in item.EnumerateObject())
        {
            if (!Members.Contains(member.Name)) Add(member.Name, $"Unknown field; a question has {string.Join(", ", Members)}.");
        }
        if (id is null) Add("id", "Required: a string such as \"garbage-batteries\".");
        var date = ReadDate(item, Add);
        var text = ReadText(item, "text", Add);
        var options = ReadOptions(item, Add);
        int? correct = ReadIndex(item, Add);
        var explanation = ReadText(item, "explanation", Add);

        if (Errors.Count > errorsBefore) return null;
        return new QuizQuestion(id!, date, text!, options!, correct!.Value, explanation!);
    }

    private static DateOnly? ReadDate(JsonElement item, Action<string, string> add)
    {
        if (!item.TryGetProperty("date", out var element) || element.ValueKind == JsonValueKind.Null) return null;
        if (element.ValueKind == JsonValueKind.String
            && DateOnly.TryParseExact(element.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        add("date", $"A date is written yyyy-MM-dd, e.g. \"2026-12-02\"; got {element.GetRawText()}.");
        return null;
    }

    private static QuizText? ReadText(JsonElement item, string field, Action<string, string> add)
    {
        if (!item.TryGetProperty(field, out var element))
        {
            add(field, "Required: {\"en\": \"...\", \"zh\": \"...\"}.");
            return null;
        }
        return TextOf(element, field, add);
    }

    private static QuizText? TextOf(JsonElement element, string field, Action<string, string> add)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            add(field, "Must be an object with the text in each language: {\"en\": \"...\", \"zh\": \"...\"}.");
            return null;
        }
        string? en = ReadLanguage(element, "en", field, add);
        string? zh = ReadLanguage(element, "zh", field, add);
        foreach (var member in element.EnumerateObject())
        {
            if (member.Name is not ("en" or "zh")) add($"{field}.{member.Name}", "Unknown language; use en and zh.");
        }
        return en is null || zh is null ? null : new QuizText(en, zh);
    }

    private static string? ReadLanguage(JsonElement text, string language, string field, Action<string, string> add)
    {
        if (text.TryGetProperty(language, out var value) && value.ValueKind == JsonValueKind.String) return value.GetString();
        add($"{field}.{language}", "Required: a string.");
        return null;
    }

    private static List<QuizText>? ReadOptions(JsonElement item, Action<string, string> add)
    {
        if (!item.TryGetProperty("options", out var element) || element.ValueKind != JsonValueKind.Array)
        {
            add("options", "Required: an array of 3 or 4 options, each {\"en\": \"...\", \"zh\": \"...\"}.");
            return null;
        }
        var options = new List<QuizText>();
        bool readable = true;
        int o = 0;
        foreach (var option in element.EnumerateArray())
        {
            if (TextOf(option, $"options[{o++}]", add) is { } text) options.Add(text);
            else readable = false;
        }
        return readable ? options : null;
    }

    private static int? ReadIndex(JsonElement item, Action<string, string> add)
    {
        if (item.TryGetProperty("correctOption", out var element) && element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out int index))
        {
            return index;
        }
        add("correctOption", "Required: a whole number, the index of the correct option counting from 0.");
        return null;
    }
}
