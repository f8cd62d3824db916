using System.Text.Json.Nodes;
using SmartCity.Grains.City;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Geo;
using SmartCity.Grains.Parking;

namespace SmartCity.Api.Ngsi;

/// <summary>Something of the city that the NGSI-LD view publishes, before its live state is read.</summary>
public sealed record NgsiCandidate(string Type, string TwinId, GeoPoint Location)
{
    public string EntityId => SmartDataModels.EntityId(Type, TwinId);
}

/// <summary>
/// The twin's bays, car parks and public toilets as FIWARE Smart Data Models entities: ParkingSpot
/// and OffStreetParking (dataModel.Parking) and PointOfInterest (dataModel.PointOfInterest).
/// </summary>
/// <remarks>
/// Entity ids are "urn:ngsi-ld:" + type + ":" + the twin's own id, e.g.
/// urn:ngsi-ld:ParkingSpot:bay:XH-0001-07, the namespace convention of ETSI GS CIM 009 Annex A.3;
/// the twin id stays readable inside it, so an operator can go from one API to the other.
/// </remarks>
public static class SmartDataModels
{
    public const string ParkingSpot = "ParkingSpot";
    public const string OffStreetParking = "OffStreetParking";
    public const string PointOfInterest = "PointOfInterest";

    /// <summary>The types served, and the full IRIs the Smart Data Models @context expands them to.</summary>
    public static readonly IReadOnlyDictionary<string, string> Types = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ParkingSpot] = "https://smartdatamodels.org/dataModel.Parking/ParkingSpot",
        [OffStreetParking] = "https://smartdatamodels.org/dataModel.Parking/OffStreetParking",
        [PointOfInterest] = "https://smartdatamodels.org/dataModel.PointOfInterest/PointOfInterest",
    };

    private const string UrnPrefix = "urn:ngsi-ld:";

    // The on-street parking site a kerbside bay belongs to: the bays of its grid cell, the unit the
    // twin counts free bays by. The ParkingSpot model requires refParkingSite; this view does not
    // serve OnStreetParking entities (yet), so the relationship names one it does not answer for.
    private const string OnStreetParking = "OnStreetParking";

    public static string EntityId(string type, string twinId) => $"{UrnPrefix}{type}:{twinId}";

    /// <summary>A type as a client may write it: the short name, or its expanded IRI; null when not served.</summary>
    public static string? TypeNamed(string text) =>
        Types.ContainsKey(text) ? text : Types.FirstOrDefault(t => t.Value == text).Key;

    /// <summary>What an entity id names, or null when it names nothing this view serves.</summary>
    public static NgsiCandidate? Find(string entityId, CityMap city)
    {
        // RFC 8141: the "urn" scheme and the namespace id "ngsi-ld" are case-insensitive.
        if (!entityId.StartsWith(UrnPrefix, StringComparison.OrdinalIgnoreCase)) return null;
        string rest = entityId[UrnPrefix.Length..];
        int colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return null;
        string type = rest[..colon], twinId = rest[(colon + 1)..];
        return type switch
        {
            ParkingSpot when city.ParkingBay(twinId) is { } bay => new(type, bay.Id, bay.Location),
            OffStreetParking when city.CarPark(twinId) is { } carPark => new(type, carPark.Id, carPark.Location),
            PointOfInterest when city.Facility(twinId) is { Kind: FacilityKind.PublicToilet } toilet => new(type, toilet.Id, toilet.Location),
            _ => null,
        };
    }

    /// <summary>Everything of one type, in the city file's order.</summary>
    public static IEnumerable<NgsiCandidate> CandidatesOf(string type, CityMap city) => type switch
    {
        ParkingSpot => city.Definition.ParkingBays.Select(b => new NgsiCandidate(type, b.Id, b.Location)),
        OffStreetParking => city.Definition.CarParks.Select(c => new NgsiCandidate(type, c.Id, c.Location)),
        // Only public toilets: the other facility kinds are not published in this view.
        PointOfInterest => city.Definition.Facilities.Where(f => f.Kind == FacilityKind.PublicToilet)
            .Select(f => new NgsiCandidate(type, f.Id, f.Location)),
        _ => [],
    };

    /// <summary>Reads the candidate's live state from its grain and writes it in its Smart Data Model.</summary>
    public static async Task<NgsiEntity> LoadAsync(NgsiCandidate candidate, IGrainFactory grains, CityMap city) => candidate.Type switch
    {
        ParkingSpot => Of(await grains.GetGrain<IParkingBayGrain>(candidate.TwinId).GetAsync(), city),
        OffStreetParking => Of(await grains.GetGrain<ICarParkGrain>(candidate.TwinId).GetAsync()),
        _ => Of(await grains.GetGrain<IFacilityGrain>(candidate.TwinId).GetAsync(), city),
    };

    /// <summary>A kerbside bay as a ParkingSpot; status is the model's enum: free, occupied or unknown.</summary>
    public static NgsiEntity Of(ParkingBayView bay, CityMap city)
    {
        // A silent sensor's "unknown" is decided now, not observed: it gets no observedAt.
        DateTimeOffset? observedAt = bay.Status == BayStatus.Unknown ? null : bay.LastHeardAt;
        return new NgsiEntity(EntityId(ParkingSpot, bay.Id), ParkingSpot,
        [
            Property("name", bay.Id.StartsWith("bay:", StringComparison.Ordinal) ? bay.Id["bay:".Length..] : bay.Id),
            Property("status", JsonNames.CamelCase(bay.Status.ToString()), observedAt),
            Property("category", new JsonArray("onStreet")),
            new("refParkingSite", NgsiMemberKind.Relationship, EntityId(OnStreetParking, bay.GridCellId)),
            Location(bay.Location),
            Property("address", Address(city, bay.GridCellId, bay.Street)),
        ]);
    }

    /// <summary>
    /// A car park as an OffStreetParking. Its gates count cars in and out, "balancing" in DATEX II
    /// terms. While its counter is silent the counts are not known, so they are left out.
    /// </summary>
    public static NgsiEntity Of(CarParkView carPark)
    {
        var attributes = new List<NgsiMember>
        {
            Property("name", carPark.Name),
            Location(carPark.Location),
            Property("totalSpotNumber", carPark.Capacity),
            Property("occupancyDetectionType", new JsonArray("balancing")),
        };
        if (carPark is { Unknown: false, Occupied: { } occupied, SpacesFree: { } free })
        {
            var at = carPark.LastHeardAt;
            attributes.Add(Property("availableSpotNumber", free, at));
            attributes.Add(Property("occupiedSpotNumber", occupied, at));
            attributes.Add(Property("occupancy", carPark.Capacity == 0 ? 0 : Math.Round((double)occupied / carPark.Capacity, 4), at));
            attributes.Add(Property("status", new JsonArray(free > 0 ? "spacesAvailable" : "full"), at));
        }
        return new NgsiEntity(EntityId(OffStreetParking, carPark.Id), OffStreetParking, attributes);
    }

    /// <summary>
    /// A public toilet as a PointOfInterest. There is no Smart Data Model for public toilets, so the
    /// generic PointOfInterest carries one with category "publicToilet" (schema.org's PublicToilet;
    /// the model's category is free text). openingHours and status are not PointOfInterest members:
    /// they are the terms other Smart Data Models use, and the schema allows additional members.
    /// </summary>
    public static NgsiEntity Of(FacilityView toilet, CityMap city)
    {
        DateTimeOffset? observedAt = toilet.HasSensor && toilet.Status != FacilityStatus.Unknown ? toilet.LastHeardAt : null;
        return new NgsiEntity(EntityId(PointOfInterest, toilet.Id), PointOfInterest,
        [
            Property("name", toilet.Name),
            Property("category", new JsonArray(JsonNames.CamelCase(toilet.Kind.ToString()))),
            Location(toilet.Location),
            Property("address", Address(city, toilet.GridCellId, null)),
            Property("capacity", toilet.Capacity),
            Property("openingHours", toilet.OpeningHours),
            Property("status", JsonNames.CamelCase(toilet.Status.ToString()), observedAt),
        ]);
    }

    private static NgsiMember Property(string name, JsonNode value, DateTimeOffset? observedAt = null) =>
        new(name, NgsiMemberKind.Property, value, observedAt);

    // GeoJSON (RFC 7946) writes longitude first.
    private static NgsiMember Location(GeoPoint point) =>
        new("location", NgsiMemberKind.GeoProperty, new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(point.Lon, point.Lat) });

    private static JsonObject Address(CityMap city, string gridCellId, string? street)
    {
        var address = new JsonObject();
        if (street is not null) address["streetAddress"] = street;
        if (city.GridCell(gridCellId) is { } cell && city.District(cell.DistrictId) is { } district) address["district"] = district.Name;
        address["addressLocality"] = city.Definition.Name;
        return address;
    }
}
