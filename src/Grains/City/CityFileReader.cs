using System.Text.Json;
using SmartCity.Grains.Facilities;

namespace SmartCity.Grains.City;

/// <summary>
/// Turns a parsed GeoJSON city file into a <see cref="CityDefinition"/>, checking shapes and types
/// only; what the values mean is <see cref="CityValidator"/>'s job. Remembers where in the file each
/// definition came from, so the validator's errors can point at "features[12]" too.
/// </summary>
internal sealed class CityFileReader
{
    private readonly CityFileErrorList _errors = new();
    private readonly Dictionary<object, string> _labels = new(ReferenceEqualityComparer.Instance);
    private readonly List<DistrictDefinition> _districts = [];
    private readonly List<GridCellDefinition> _gridCells = [];
    private readonly List<ParkingBayDefinition> _parkingBays = [];
    private readonly List<CarParkDefinition> _carParks = [];
    private readonly List<FacilityDefinition> _facilities = [];
    private readonly List<OfficialDefinition> _officials = [];

    // A city has hundreds of facilities but a handful of distinct timetables; parsing one is ~10,000 steps.
    private readonly Dictionary<string, OpeningHours> _openingHours = new(StringComparer.Ordinal);

    public IReadOnlyList<CityFileError> Errors => _errors.Errors;

    /// <summary>"features[12] (bay:XH-0001-07)" for a definition read here; the bare id otherwise.</summary>
    public string LabelOf(object definition, string id) => _labels.GetValueOrDefault(definition, id);

    /// <summary>The city, or null when <see cref="Errors"/> says what is wrong.</summary>
    public CityDefinition? ReadCity(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            _errors.Add("file", "", $"expected a GeoJSON FeatureCollection object, found {FeatureReader.Describe(root)}");
            return null;
        }
        if (!root.TryGetProperty("type", out var type) || !FeatureReader.IsText(type, "FeatureCollection"))
        {
            _errors.Add("file", "type", "expected \"FeatureCollection\"");
        }
        string? name = TopLevelText(root, "name", "the city's name");
        string? timeZone = TopLevelText(root, "timeZone", "an IANA time zone id such as \"Asia/Shanghai\"");
        if (!root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
        {
            _errors.Add("file", "features", "is required (an array of GeoJSON Features)");
            return null;
        }
        int index = 0;
        foreach (var feature in features.EnumerateArray())
        {
            if (_errors.IsFull) break;
            ReadFeature(feature, index++);
        }
        if (_errors.Count > 0 || name is null || timeZone is null) return null;
        return new CityDefinition(name, timeZone, _districts, _gridCells, _parkingBays, _carParks, _facilities, _officials);
    }

    private string? TopLevelText(JsonElement root, string member, string expected)
    {
        if (root.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String) return value.GetString();
        _errors.Add("file", member, $"is required ({expected})");
        return null;
    }

    private void ReadFeature(JsonElement feature, int index)
    {
        if (feature.ValueKind != JsonValueKind.Object)
        {
            _errors.Add($"features[{index}]", "", $"expected a Feature object, found {FeatureReader.Describe(feature)}");
            return;
        }
        string? id = IdOf(feature, index);
        string label = id is null ? $"features[{index}]" : $"features[{index}] ({id})";
        if (!feature.TryGetProperty("type", out var type) || !FeatureReader.IsText(type, "Feature"))
        {
            _errors.Add(label, "type", "expected \"Feature\"");
        }
        if (!feature.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            _errors.Add(label, "properties", "is required (an object with at least \"kind\")");
            return;
        }
        var reader = new FeatureReader(feature, properties, label, _errors);
        object? definition = reader.Text("kind") switch
        {
            null => null,
            CityFeatureKind.District => ReadDistrict(reader, id),
            CityFeatureKind.GridCell => ReadGridCell(reader, id),
            CityFeatureKind.ParkingBay => ReadParkingBay(reader, id),
            CityFeatureKind.CarPark => ReadCarPark(reader, id),
            CityFeatureKind.Facility => ReadFacility(reader, id),
            CityFeatureKind.Official => ReadOfficial(reader, id),
            var unknown => UnknownKind(reader, unknown),
        };
        if (definition is not null) _labels[definition] = label;
    }

    private string? IdOf(JsonElement feature, int index)
    {
        if (feature.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String) return id.GetString();
        // RFC 7946 §3.2 also allows a number, but grain keys here are strings with a kind prefix.
        _errors.Add($"features[{index}]", "id", id.ValueKind == JsonValueKind.Undefined
            ? "is required (a string such as \"bay:XH-0001-07\")"
            : $"expected a string such as \"bay:XH-0001-07\", found {FeatureReader.Describe(id)}");
        return null;
    }

    private static object? UnknownKind(FeatureReader feature, string kind)
    {
        feature.Error("properties.kind", $"unknown kind \"{kind}\"; expected one of {string.Join(", ", CityFeatureKind.All)}");
        return null;
    }

    private DistrictDefinition? ReadDistrict(FeatureReader feature, string? id)
    {
        feature.NoGeometry(CityFeatureKind.District);
        string? name = feature.Text("name");
        if (feature.HasErrors || id is null || name is null) return null;
        return Add(_districts, new DistrictDefinition(id, name));
    }

    private GridCellDefinition? ReadGridCell(FeatureReader feature, string? id)
    {
        var boundary = feature.Polygon();
        string? name = feature.Text("name");
        string? district = feature.Text("district");
        string? community = feature.Text("community");
        int? households = feature.WholeNumber("households");
        int? residents = feature.WholeNumber("residents");
        int? migrants = feature.WholeNumber("migrants");
        string? official = feature.Text("official");
        if (feature.HasErrors || id is null || boundary is null || name is null || district is null || community is null
            || households is null || residents is null || migrants is null || official is null) return null;
        return Add(_gridCells, new GridCellDefinition(
            id, name, district, community, households.Value, residents.Value, migrants.Value, official, boundary));
    }

    private ParkingBayDefinition? ReadParkingBay(FeatureReader feature, string? id)
    {
        var location = feature.Point();
        string? street = feature.Text("street");
        if (feature.HasErrors || id is null || location is null || street is null) return null;
        return Add(_parkingBays, new ParkingBayDefinition(id, location.Value, street));
    }

    private CarParkDefinition? ReadCarPark(FeatureReader feature, string? id)
    {
        var location = feature.Point();
        string? name = feature.Text("name");
        int? capacity = feature.WholeNumber("capacity");
        if (feature.HasErrors || id is null || location is null || name is null || capacity is null) return null;
        return Add(_carParks, new CarParkDefinition(id, name, location.Value, capacity.Value));
    }

    private FacilityDefinition? ReadFacility(FeatureReader feature, string? id)
    {
        var location = feature.Point();
        string? name = feature.Text("name");
        var kind = feature.Choice("facilityKind", CityFile.FacilityKinds);
        int? capacity = feature.WholeNumber("capacity");
        var hours = OpeningHoursOf(feature);
        bool? hasSensor = feature.Flag("hasSensor");
        if (feature.HasErrors || id is null || location is null || name is null || kind is null
            || capacity is null || hours is null || hasSensor is null) return null;
        return Add(_facilities, new FacilityDefinition(id, name, kind.Value, location.Value, capacity.Value, hours, hasSensor.Value));
    }

    private OfficialDefinition? ReadOfficial(FeatureReader feature, string? id)
    {
        feature.NoGeometry(CityFeatureKind.Official);
        string? name = feature.Text("name");
        var role = feature.Choice("role", CityFile.OfficialRoles);
        string? supervisor = feature.OptionalText("supervisor");
        if (feature.HasErrors || id is null || name is null || role is null) return null;
        return Add(_officials, new OfficialDefinition(id, name, role.Value, supervisor));
    }

    /// <summary>Opening hours in OpenStreetMap syntax, e.g. "Mo-Fr 08:30-17:00; Sa 09:00-12:00".</summary>
    private OpeningHours? OpeningHoursOf(FeatureReader feature)
    {
        if (feature.Text("openingHours") is not { } text) return null;
        if (_openingHours.TryGetValue(text, out var known)) return known;
        if (!OpeningHours.TryParse(text, out var hours, out string problem))
        {
            feature.Error("properties.openingHours", problem);
            return null;
        }
        return _openingHours[text] = hours;
    }

    private static T Add<T>(List<T> list, T definition)
    {
        list.Add(definition);
        return definition;
    }
}
