using System.Globalization;
using System.Text.Json;
using SmartCity.Grains.Geo;

namespace SmartCity.Api.Ngsi;

/// <summary>A geo-query "near" a point (ETSI GS CIM 009 V1.8.1 clause 4.10): georel=near;maxDistance==500&amp;geometry=Point&amp;coordinates=[lon,lat].</summary>
public sealed record NearQuery(GeoPoint Point, double? MaxDistanceMeters, double? MinDistanceMeters)
{
    public bool Admits(double distanceMeters) =>
        (MaxDistanceMeters is not { } max || distanceMeters <= max) && (MinDistanceMeters is not { } min || distanceMeters >= min);
}

/// <summary>
/// The URI parameters of Query Entities (clause 5.7.2) and Retrieve Entity (clause 5.7.1) that this
/// view understands; any bad one is reported by name, to be answered as BadRequestData.
/// </summary>
public sealed class NgsiLdQuery
{
    /// <summary>Pagination (clauses 5.5.9, 6.3.10): 20 entities a page unless limit says otherwise, at most 1000.</summary>
    public const int DefaultLimit = 20;

    public const int MaxLimit = 1000;

    private readonly IQueryCollection _query;

    public NgsiLdQuery(IQueryCollection query)
    {
        _query = query;
        KeyValues = ReadRepresentation();
    }

    public List<string> Errors { get; } = [];

    public bool HasErrors => Errors.Count > 0;

    /// <summary>options=keyValues (or format=simplified, its newer spelling) asks for the simplified representation.</summary>
    public bool KeyValues { get; }

    /// <summary>type: one or more types separated by commas (clause 4.17); a type this view does not serve matches nothing.</summary>
    public IReadOnlyList<string>? Types(bool required)
    {
        string? text = _query["type"];
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) Errors.Add("'type' is required: one of ParkingSpot, OffStreetParking, PointOfInterest, or several separated by commas.");
            return null;
        }
        return [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(t => SmartDataModels.TypeNamed(t) ?? t).Distinct(StringComparer.Ordinal)];
    }

    public int Limit() => WholeNumber("limit", DefaultLimit, 0, MaxLimit);

    public int Offset() => WholeNumber("offset", 0, 0, int.MaxValue);

    /// <summary>count=true adds NGSILD-Results-Count, the number of matches over all pages (clause 6.3.13).</summary>
    public bool Count()
    {
        string? text = _query["count"];
        if (string.IsNullOrEmpty(text)) return false;
        if (bool.TryParse(text, out bool count)) return count;
        Errors.Add($"'count' must be true or false; got '{Clip(text)}'.");
        return false;
    }

    /// <summary>q (clause 4.9), in the subset <see cref="NgsiQ"/> understands.</summary>
    public NgsiQ? Q()
    {
        string? text = _query["q"];
        if (string.IsNullOrWhiteSpace(text)) return null;
        var q = NgsiQ.Parse(text, out string? error);
        if (error is not null) Errors.Add(error);
        return q;
    }

    /// <summary>georel=near;maxDistance==N (or minDistance) with geometry=Point and coordinates=[lon,lat] (clause 4.10).</summary>
    public NearQuery? Near()
    {
        string? georel = _query["georel"], geometry = _query["geometry"], coordinates = _query["coordinates"];
        string? geoproperty = _query["geoproperty"];
        if (!string.IsNullOrEmpty(geoproperty) && geoproperty != "location")
        {
            Errors.Add($"'geoproperty' may only be 'location' here; got '{Clip(geoproperty)}'.");
        }
        if (string.IsNullOrEmpty(georel))
        {
            if (!string.IsNullOrEmpty(geometry) || !string.IsNullOrEmpty(coordinates)) Errors.Add("'geometry' and 'coordinates' need a 'georel'.");
            return null;
        }
        var parts = georel.Split(';');
        if (parts[0] != "near" || parts.Length < 2)
        {
            Errors.Add($"'georel' must be near;maxDistance==<metres> or near;minDistance==<metres> here; got '{Clip(georel)}'.");
            return null;
        }
        double? max = null, min = null;
        foreach (var part in parts[1..])
        {
            int equals = part.IndexOf("==", StringComparison.Ordinal);
            bool number = double.TryParse(equals < 0 ? "" : part[(equals + 2)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double metres)
                && double.IsFinite(metres) && metres >= 0;
            string name = equals < 0 ? part : part[..equals];
            if (number && name == "maxDistance") max = metres;
            else if (number && name == "minDistance") min = metres;
            else Errors.Add($"'georel' takes maxDistance==<metres> and minDistance==<metres>; got '{Clip(part)}'.");
        }
        if (geometry != "Point") Errors.Add($"'geometry' must be Point for georel near; got '{Clip(geometry ?? "")}'.");
        var point = ParsePoint(coordinates);
        if (point is null) Errors.Add($"'coordinates' must be a GeoJSON position [longitude,latitude]; got '{Clip(coordinates ?? "")}'.");
        return point is { } p ? new NearQuery(p, max, min) : null;
    }

    private bool ReadRepresentation()
    {
        bool keyValues = false, normalized = false;
        foreach (var name in new[] { "options", "format" })
        {
            foreach (var option in (_query[name].ToString() ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                switch (option)
                {
                    case "keyValues" or "simplified": keyValues = true; break;
                    case "normalized": normalized = true; break;
                    default: Errors.Add($"'{name}' may be keyValues (or simplified) or normalized here; got '{Clip(option)}'."); break;
                }
            }
        }
        if (keyValues && normalized) Errors.Add("Ask for keyValues or normalized, not both.");
        return keyValues;
    }

    private int WholeNumber(string name, int fallback, int min, int max)
    {
        string? text = _query[name];
        if (string.IsNullOrEmpty(text)) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number >= min && number <= max) return number;
        Errors.Add($"'{name}' must be a whole number from {min} to {max}; got '{Clip(text)}'.");
        return fallback;
    }

    private static GeoPoint? ParsePoint(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement is { ValueKind: JsonValueKind.Array } array && array.GetArrayLength() == 2
                && array[0].TryGetDouble(out double lon) && array[1].TryGetDouble(out double lat))
            {
                var point = new GeoPoint(lat, lon);
                return point.IsValid ? point : null;
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }

    internal static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
