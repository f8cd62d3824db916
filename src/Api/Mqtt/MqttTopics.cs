using SmartCity.Api.Readings;
using SmartCity.Grains.City;
using SmartCity.Grains.Readings;

namespace SmartCity.Api.Mqtt;

/// <summary>What a topic names: the batch topic, one entity's reading of one type, or nothing the twin takes (and why).</summary>
public sealed record MqttAddress(bool IsBatch, string? EntityId, ReadingType? Type, string? Problem)
{
    public static readonly MqttAddress Batch = new(true, null, null, null);

    public static MqttAddress Reading(string entityId, ReadingType type) => new(false, entityId, type, null);

    public static MqttAddress Refused(string problem) => new(false, null, null, problem);
}

/// <summary>
/// The topic layout: {prefix}/{district}/{kind}/{id}/{type} for one reading, where district and id are
/// the city's ids without their "district:" and kind prefixes (city/XH/bay/XH-0001-01/occupancy names
/// bay:XH-0001-01 in district:XH), and {prefix}/readings for a batch shaped like POST /api/readings.
/// </summary>
public sealed class MqttTopics
{
    private const string DistrictPrefix = "district:";

    // The kinds that take readings; a topic's kind level is the entity id's own prefix.
    private static readonly string[] ReadingKinds = ["bay", "carpark", "facility", "official"];

    private readonly CityMap _city;
    private readonly Dictionary<string, string> _districtOfOfficial;

    public MqttTopics(CityMap city, string prefix)
    {
        _city = city;
        Prefix = prefix;
        _districtOfOfficial = DistrictsOfOfficials(city);
    }

    public string Prefix { get; }

    public string BatchTopic => $"{Prefix}/readings";

    /// <summary>What the twin subscribes to: every five-level reading topic (so a wrong one is counted, not missed) and the batch topic.</summary>
    public IReadOnlyList<string> Filters => [$"{Prefix}/+/+/+/+", BatchTopic];

    public MqttAddress Parse(string topic)
    {
        if (!topic.StartsWith(Prefix + "/", StringComparison.Ordinal)) return MqttAddress.Refused($"Reading topics start with '{Prefix}/'.");
        string rest = topic[(Prefix.Length + 1)..];
        if (rest == "readings") return MqttAddress.Batch;

        string[] levels = rest.Split('/');
        if (levels.Length != 4) return MqttAddress.Refused($"Publish to {Prefix}/{{district}}/{{kind}}/{{id}}/{{type}} or to {BatchTopic}.");
        var (district, kind, id, typeName) = (levels[0], levels[1], levels[2], levels[3]);
        if (Array.IndexOf(ReadingKinds, kind) < 0) return MqttAddress.Refused($"'{Clip(kind)}' takes no readings; the kind is bay, carpark, facility or official.");
        if (ReadingValidator.TypeNamed(typeName) is not { } type)
        {
            return MqttAddress.Refused($"'{Clip(typeName)}' is not a reading type; use occupancy, status, queueLength or count.");
        }
        string entityId = $"{kind}:{id}", districtId = DistrictPrefix + district;
        if (_city.KindOf(entityId) is null) return MqttAddress.Refused($"There is no entity '{Clip(entityId)}' in the city.");
        if (_city.District(districtId) is null) return MqttAddress.Refused($"There is no district '{Clip(districtId)}' in the city.");
        string? actual = DistrictOf(entityId);
        if (actual != districtId) return MqttAddress.Refused($"'{entityId}' is in {actual ?? "no district"}, not in {districtId}.");
        return MqttAddress.Reading(entityId, type);
    }

    /// <summary>The topic a sensor of this entity publishes this type of reading to.</summary>
    public string? TopicOf(string entityId, string typeName)
    {
        int colon = entityId.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || DistrictOf(entityId) is not { } districtId) return null;
        return $"{Prefix}/{districtId[DistrictPrefix.Length..]}/{entityId[..colon]}/{entityId[(colon + 1)..]}/{typeName}";
    }

    private string? DistrictOf(string entityId) => _city.KindOf(entityId) switch
    {
        EntityKind.ParkingBay or EntityKind.CarPark or EntityKind.Facility => _city.GridCell(_city.GridCellOf(entityId))!.DistrictId,
        EntityKind.Official => _districtOfOfficial.GetValueOrDefault(entityId),
        _ => null,
    };

    /// <summary>An official belongs to the district of the grid cells they answer for, directly or through their subordinates.</summary>
    private static Dictionary<string, string> DistrictsOfOfficials(CityMap city)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var cell in city.Definition.GridCells)
        {
            // Walk up the supervisors; stop where an official already has a district (and so do theirs).
            for (var official = city.Official(cell.OfficialId); official is not null && result.TryAdd(official.Id, cell.DistrictId);)
            {
                official = official.SupervisorId is { } supervisor ? city.Official(supervisor) : null;
            }
        }
        return result;
    }

    /// <summary>A topic (or other sender-made text) as it may go into the log: clipped, and with no control characters to forge log lines with.</summary>
    public static string ForLog(string text, int maxLength = 200) =>
        string.Concat((text.Length <= maxLength ? text : text[..maxLength] + "…").Select(c => char.IsControl(c) ? '?' : c));

    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
