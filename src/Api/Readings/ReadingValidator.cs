using System.Text.Json;
using SmartCity.Grains;
using SmartCity.Grains.City;
using SmartCity.Grains.Readings;

namespace SmartCity.Api.Readings;

/// <summary>
/// Turns one JSON reading into a validated <see cref="Reading"/>, or names every field at fault.
/// Which types an entity takes and what values mean: bay occupancy (true/false, 1/0, "occupied"/"free");
/// car park count (cars inside, 0..capacity); facility status ("inService", "outOfOrder", "closed"),
/// occupancy (people inside, 0..capacity) and queueLength; official status ("onDuty", "offDuty").
/// </summary>
public sealed class ReadingValidator(CityMap city, CityClock clock, TwinOptions options, Func<string, bool>? senderMayWrite = null)
{
    public const int MaxReadingIdLength = 128;

    // A facility without a stated capacity still gets a sane ceiling on people counts.
    private const int MaxPeopleCount = 100_000;

    public Reading? Validate(JsonElement item, string prefix, Dictionary<string, string[]> errors) => Validate(item, null, prefix, errors);

    /// <summary>
    /// The same, for a reading whose entity and type were named outside the JSON (by an MQTT topic);
    /// with <paramref name="addressed"/> set, the item's own entityId and type are not read.
    /// </summary>
    public Reading? Validate(JsonElement item, (string EntityId, ReadingType Type)? addressed, string prefix, Dictionary<string, string[]> errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors[prefix] = ["Each reading must be a JSON object."];
            return null;
        }
        int errorsBefore = errors.Count;
        string? readingId = RequiredString(item, "readingId", prefix, errors);
        if (readingId is { Length: > MaxReadingIdLength }) errors[$"{prefix}.readingId"] = [$"At most {MaxReadingIdLength} characters."];
        string? entityId = addressed is { } a ? a.EntityId : RequiredString(item, "entityId", prefix, errors);
        var kind = entityId is null ? null : city.KindOf(entityId);
        if (entityId is not null && kind is null) errors[$"{prefix}.entityId"] = [$"There is no entity '{Clip(entityId)}' in the city."];
        // A sensor gateway's key names the entities it speaks for; a reading for any other is refused.
        else if (entityId is not null && senderMayWrite is not null && !senderMayWrite(entityId))
            errors[$"{prefix}.entityId"] = [$"This key may not send readings for '{Clip(entityId)}'."];
        ReadingType? type = addressed is { } b ? b.Type : ParseType(item, prefix, errors);
        var observedAt = ParseObservedAt(item, prefix, errors);
        int? value = null;
        if (kind is { } k && type is { } t && entityId is not null) value = ParseValue(item, k, t, entityId, prefix, errors);

        if (errors.Count > errorsBefore || readingId is null || entityId is null || type is null || value is null || observedAt is null) return null;
        return new Reading(readingId, entityId, type.Value, value.Value, observedAt.Value);
    }

    private static string? RequiredString(JsonElement item, string name, string prefix, Dictionary<string, string[]> errors)
    {
        if (!item.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            errors[$"{prefix}.{name}"] = [$"'{name}' is required."];
            return null;
        }
        if (property.ValueKind != JsonValueKind.String || property.GetString() is not { Length: > 0 } text)
        {
            errors[$"{prefix}.{name}"] = [$"'{name}' must be a non-empty string."];
            return null;
        }
        return text;
    }

    private static ReadingType? ParseType(JsonElement item, string prefix, Dictionary<string, string[]> errors)
    {
        string? text = RequiredString(item, "type", prefix, errors);
        if (text is null) return null;
        ReadingType? type = TypeNamed(text);
        if (type is null) errors[$"{prefix}.type"] = [$"'{Clip(text)}' is not a reading type; use occupancy, status, queueLength or count."];
        return type;
    }

    /// <summary>The reading type a sensor names in JSON or in a topic, or null for none.</summary>
    public static ReadingType? TypeNamed(string text) => text switch
    {
        "occupancy" => ReadingType.Occupancy,
        "status" => ReadingType.Status,
        "queueLength" => ReadingType.QueueLength,
        "count" => ReadingType.Count,
        _ => null,
    };

    private DateTimeOffset? ParseObservedAt(JsonElement item, string prefix, Dictionary<string, string[]> errors)
    {
        string field = $"{prefix}.observedAt";
        string? text = RequiredString(item, "observedAt", prefix, errors);
        if (text is null) return null;
        // RFC 3339 (section 5.6) requires a time zone: "Z" or an offset; a bare local time is ambiguous.
        int timeStart = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        bool hasZone = timeStart > 0 && (text.EndsWith('Z') || text.EndsWith('z') || text.IndexOfAny(['+', '-'], timeStart) > 0);
        if (!hasZone || !item.GetProperty("observedAt").TryGetDateTimeOffset(out var observedAt))
        {
            errors[field] = ["'observedAt' must be an RFC 3339 time with a zone, e.g. 2026-11-29T08:15:00+08:00."];
            return null;
        }
        var latestAllowed = clock.Now + options.MaxClockSkew;
        if (observedAt > latestAllowed)
        {
            errors[field] = [$"'observedAt' is {(observedAt - clock.Now).TotalMinutes:F0} min in the future; at most {options.MaxClockSkew.TotalMinutes:F0} min of sensor clock skew is allowed."];
            return null;
        }
        return observedAt;
    }

    private int? ParseValue(JsonElement item, EntityKind kind, ReadingType type, string entityId, string prefix, Dictionary<string, string[]> errors)
    {
        string field = $"{prefix}.value";
        if (!item.TryGetProperty("value", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors[field] = ["'value' is required."];
            return null;
        }
        (int? parsed, string? problem) = (kind, type) switch
        {
            (EntityKind.ParkingBay, ReadingType.Occupancy) => Occupancy(value),
            (EntityKind.CarPark, ReadingType.Count) => WholeNumber(value, city.CarPark(entityId)!.Capacity, "the car park's capacity"),
            (EntityKind.Facility, ReadingType.Status) => Word(value, ["inService", "outOfOrder", "closed"]),
            (EntityKind.Facility, ReadingType.Occupancy) => WholeNumber(value, PeopleCeiling(entityId), "the facility's capacity"),
            (EntityKind.Facility, ReadingType.QueueLength) => WholeNumber(value, MaxPeopleCount, "the longest plausible queue"),
            (EntityKind.Official, ReadingType.Status) => Word(value, ["offDuty", "onDuty"]),
            _ => (null, null),
        };
        if (parsed is null && problem is null)
        {
            errors[$"{prefix}.type"] = [$"A {Describe(kind)} takes no '{JsonNames.CamelCase(type.ToString())}' readings; it takes {TypesOf(kind)}."];
            return null;
        }
        if (problem is not null) errors[field] = [problem];
        return parsed;
    }

    private int PeopleCeiling(string facilityId) => city.Facility(facilityId)!.Capacity is > 0 and int capacity ? capacity : MaxPeopleCount;

    private static (int?, string?) Occupancy(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => (1, null),
        JsonValueKind.False => (0, null),
        JsonValueKind.Number when value.TryGetInt32(out int n) && n is 0 or 1 => (n, null),
        JsonValueKind.String when value.GetString() == "occupied" => (1, null),
        JsonValueKind.String when value.GetString() == "free" => (0, null),
        _ => (null, "An occupancy must be true/false, 1/0, or \"occupied\"/\"free\"."),
    };

    private static (int?, string?) WholeNumber(JsonElement value, int max, string ceiling)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int n)) return (null, "Must be a whole number.");
        if (n < 0) return (null, $"Must not be negative; got {n}.");
        if (n > max) return (null, $"{n} exceeds {ceiling} ({max}).");
        return (n, null);
    }

    /// <summary>A word from a fixed list; its position is the value (the enum order in the grains).</summary>
    private static (int?, string?) Word(JsonElement value, string[] words)
    {
        int index = value.ValueKind == JsonValueKind.String ? Array.IndexOf(words, value.GetString()) : -1;
        return index >= 0 ? (index, null) : (null, $"Must be one of {string.Join(", ", words)}.");
    }

    private static string Describe(EntityKind kind) => kind switch
    {
        EntityKind.ParkingBay => "parking bay",
        EntityKind.CarPark => "car park",
        EntityKind.GridCell => "grid cell",
        _ => JsonNames.CamelCase(kind.ToString()),
    };

    private static string TypesOf(EntityKind kind) => kind switch
    {
        EntityKind.ParkingBay => "occupancy",
        EntityKind.CarPark => "count",
        EntityKind.Facility => "status, occupancy or queueLength",
        EntityKind.Official => "status",
        _ => "no readings at all",
    };

    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
