using System.Collections.Frozen;
using System.Text.Json;
using SmartCity.Grains.Facilities;

namespace SmartCity.Grains.City;

/// <summary>
/// Reads and writes a city definition as a GeoJSON FeatureCollection (RFC 7946) with the foreign
/// members "name" and "timeZone" (an IANA id) and one Feature per district, grid cell, parking bay,
/// car park, facility and official, told apart by properties.kind.
/// </summary>
public static class CityFile
{
    /// <summary>facilityKind values in the file: the enum names in camelCase ("publicToilet").</summary>
    internal static readonly FrozenDictionary<string, FacilityKind> FacilityKinds = CamelCaseNames<FacilityKind>();

    /// <summary>role values in the file: "gridOfficial", "communityHead", "districtHead".</summary>
    internal static readonly FrozenDictionary<string, OfficialRole> OfficialRoles = CamelCaseNames<OfficialRole>();

    /// <summary>Reads and validates a city; throws <see cref="CityFileException"/> listing every problem found.</summary>
    public static CityDefinition Read(Stream utf8Json)
    {
        using var document = Parse(utf8Json);
        var reader = new CityFileReader();
        var city = reader.ReadCity(document.RootElement);
        if (city is null) throw new CityFileException(reader.Errors);
        var problems = CityValidator.Validate(city, reader.LabelOf);
        if (problems.Count > 0) throw new CityFileException(problems);
        return city;
    }

    public static CityDefinition ReadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream);
    }

    /// <summary>Writes one feature per line, so a diff of two city files shows which entities changed.</summary>
    public static void Write(CityDefinition city, Stream output) => CityFileWriter.Write(city, output);

    internal static string CamelCaseName<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    private static FrozenDictionary<string, TEnum> CamelCaseNames<TEnum>() where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().ToFrozenDictionary(CamelCaseName, value => value, StringComparer.Ordinal);

    private static JsonDocument Parse(Stream utf8Json)
    {
        try
        {
            var document = JsonDocument.Parse(utf8Json);
            if (UnicodeJson.FirstInvalidText(document.RootElement, "file") is not { } invalid) return document;
            document.Dispose();
            throw new CityFileException([new CityFileError("file", invalid, "not valid Unicode text (invalid UTF-8, or a lone surrogate escape)")]);
        }
        catch (JsonException e)
        {
            // The reader counts lines and bytes from 0; people count from 1.
            long line = (e.LineNumber ?? 0) + 1, column = (e.BytePositionInLine ?? 0) + 1;
            string reason = e.Message;
            int position = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (position > 0) reason = reason[..position];
            throw new CityFileException([new CityFileError("file", "", $"not valid JSON at line {line}, byte {column}: {reason}")]);
        }
    }
}

/// <summary>The values of properties.kind, one per definition record.</summary>
internal static class CityFeatureKind
{
    public const string District = "district";
    public const string GridCell = "gridCell";
    public const string ParkingBay = "parkingBay";
    public const string CarPark = "carPark";
    public const string Facility = "facility";
    public const string Official = "official";

    public static readonly string[] All = [District, GridCell, ParkingBay, CarPark, Facility, Official];
}
