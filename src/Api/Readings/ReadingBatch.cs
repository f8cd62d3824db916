using System.Text.Json;
using SmartCity.Grains.Readings;

namespace SmartCity.Api.Readings;

/// <summary>
/// One batch of readings as JSON, whether from POST /api/readings or an MQTT message: which items it
/// holds, which of them are valid, and the per-reading results once the valid ones are applied.
/// </summary>
public sealed class ReadingBatch
{
    private static readonly string[] OutcomeNames = [.. Enum.GetNames<ReadingOutcome>().Select(JsonNames.CamelCase)];

    private readonly ReadingResult[] _results;
    private readonly List<int> _validPositions;

    private ReadingBatch(int count)
    {
        _results = new ReadingResult[count];
        Valid = new List<Reading>(count);
        _validPositions = new List<int>(count);
    }

    /// <summary>The valid readings, in the order given.</summary>
    public List<Reading> Valid { get; }

    /// <summary>Every field at fault, across all rejected readings.</summary>
    public Dictionary<string, string[]> Errors { get; } = [];

    /// <summary>The type each rejected reading named (null when it named none), for the metrics.</summary>
    public List<string?> RejectedTypeNames { get; } = [];

    public int Count => _results.Length;

    public int Rejected => Count - Valid.Count;

    /// <summary>What a payload may be: an array, {"readings": [...]}, or one reading object; otherwise the field at fault.</summary>
    public static bool TryGetItems(JsonElement root, out IReadOnlyList<JsonElement> items, out (string Field, string Message) problem)
    {
        items = [];
        problem = default;
        JsonElement array;
        if (root.ValueKind == JsonValueKind.Array) array = root;
        else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("readings", out var inner)) array = inner;
        else if (root.ValueKind == JsonValueKind.Object)
        {
            items = [root];
            return true;
        }
        else
        {
            problem = ("body", "Send a JSON array of readings, {\"readings\": [...]}, or one reading object.");
            return false;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            problem = ("readings", "'readings' must be an array.");
            return false;
        }
        int count = array.GetArrayLength();
        if (count == 0 || count > ReadingsEndpoints.MaxBatchSize)
        {
            problem = ("readings", $"A batch holds 1 to {ReadingsEndpoints.MaxBatchSize} readings; this one has {count}.");
            return false;
        }
        items = [.. array.EnumerateArray()];
        return true;
    }

    /// <summary>Validates every item; rejected ones get their result now, valid ones when <see cref="Answer"/> is given their outcomes.</summary>
    public static ReadingBatch Validate(
        ReadingValidator validator, IReadOnlyList<JsonElement> items, (string EntityId, ReadingType Type)? addressed = null)
    {
        var batch = new ReadingBatch(items.Count);
        var scratch = new Dictionary<string, string[]>();
        for (int i = 0; i < items.Count; i++)
        {
            scratch.Clear();
            if (validator.Validate(items[i], addressed, $"readings[{i}]", scratch) is { } reading)
            {
                batch.Valid.Add(reading);
                batch._validPositions.Add(i);
                continue;
            }
            var itemErrors = new Dictionary<string, string[]>(scratch);
            foreach (var (field, messages) in itemErrors) batch.Errors[field] = messages;
            batch._results[i] = new ReadingResult(i, StringProperty(items[i], "readingId"), "rejected", itemErrors);
            batch.RejectedTypeNames.Add(StringProperty(items[i], "type"));
        }
        return batch;
    }

    /// <summary>The answer once the valid readings were applied; <paramref name="outcomes"/> is in the order of <see cref="Valid"/>.</summary>
    public IngestResponse Answer(IReadOnlyList<ReadingOutcome> outcomes)
    {
        for (int j = 0; j < Valid.Count; j++)
        {
            _results[_validPositions[j]] = new ReadingResult(_validPositions[j], Valid[j].ReadingId, OutcomeName(outcomes[j]), null);
        }
        return new IngestResponse(Valid.Count, Rejected, _results);
    }

    /// <summary>An outcome as the API and the metrics name it: applied, outdated, duplicate.</summary>
    public static string OutcomeName(ReadingOutcome outcome) => OutcomeNames[(int)outcome];

    private static string? StringProperty(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String
            ? property.GetString() : null;
}
