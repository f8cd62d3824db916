using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartCity.Grains.Facilities;

namespace SmartCity.Api.Tests.Ngsi;

/// <summary>Bays, car parks and public toilets as an NGSI-LD client reads them: Smart Data Models entities.</summary>
[Collection(SharedTwin.Name)]
public sealed class NgsiEntityTests(TwinFixture twin)
{
    [Theory]
    [InlineData(false, "free")]
    [InlineData(true, "occupied")]
    [InlineData(null, "unknown")]
    public async Task Bay_is_a_ParkingSpot_that_fits_the_Smart_Data_Model(bool? occupied, string status)
    {
        var bay = twin.TakeBay();
        if (occupied is { } value) await twin.ApplyAsync(TwinFixture.Reading(bay.Id, "occupancy", value, twin.SecondsAgo(5)));

        var entity = await NgsiCalls.EntityAsync(twin.Http, NgsiCalls.BayUrn(bay.Id));

        SmartDataModelSchemas.AssertFits(entity);
        Assert.Equal($"urn:ngsi-ld:ParkingSpot:{bay.Id}", entity.GetProperty("id").GetString());
        Assert.Equal("ParkingSpot", entity.GetProperty("type").GetString());
        Assert.Equal(status, entity.GetProperty("status").GetString());
        Assert.Equal(["onStreet"], entity.GetProperty("category").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal($"urn:ngsi-ld:OnStreetParking:{twin.City.GridCellOf(bay.Id)}", entity.GetProperty("refParkingSite").GetString());
        var coordinates = entity.GetProperty("location").GetProperty("coordinates");
        Assert.Equal(bay.Location.Lon, coordinates[0].GetDouble());
        Assert.Equal(bay.Location.Lat, coordinates[1].GetDouble());
    }

    [Theory]
    [InlineData(120)]
    [InlineData(null)]
    public async Task Car_park_is_an_OffStreetParking_that_fits_the_Smart_Data_Model(int? carsInside)
    {
        var carPark = twin.TakeCarPark();
        if (carsInside is { } count) await twin.ApplyAsync(TwinFixture.Reading(carPark.Id, "count", count, twin.SecondsAgo(5)));

        var entity = await NgsiCalls.EntityAsync(twin.Http, NgsiCalls.CarParkUrn(carPark.Id));

        SmartDataModelSchemas.AssertFits(entity);
        Assert.Equal("OffStreetParking", entity.GetProperty("type").GetString());
        Assert.Equal(carPark.Capacity, entity.GetProperty("totalSpotNumber").GetInt32());
        if (carsInside is { } inside)
        {
            Assert.Equal(carPark.Capacity - inside, entity.GetProperty("availableSpotNumber").GetInt32());
            Assert.Equal(inside, entity.GetProperty("occupiedSpotNumber").GetInt32());
            Assert.Equal(Math.Round((double)inside / carPark.Capacity, 4), entity.GetProperty("occupancy").GetDouble());
        }
        else
        {
            // A silent counter: the counts are not known, so they are not stated.
            Assert.False(entity.TryGetProperty("availableSpotNumber", out _));
            Assert.False(entity.TryGetProperty("occupancy", out _));
        }
    }

    [Fact]
    public async Task Public_toilet_is_a_PointOfInterest_with_its_category()
    {
        var toilet = twin.TakeFacility(FacilityKind.PublicToilet);

        var entity = await NgsiCalls.EntityAsync(twin.Http, NgsiCalls.ToiletUrn(toilet.Id));

        Assert.Equal("PointOfInterest", entity.GetProperty("type").GetString());
        Assert.Equal(toilet.Name, entity.GetProperty("name").GetString());
        Assert.Equal(["publicToilet"], entity.GetProperty("category").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(toilet.OpeningHours.Text, entity.GetProperty("openingHours").GetString());
    }

    [Fact]
    public async Task Normalized_entity_states_each_attribute_and_reduces_to_the_keyValues_one()
    {
        var bay = twin.TakeBay();
        string observedAt = twin.SecondsAgo(5);
        await twin.ApplyAsync(TwinFixture.Reading(bay.Id, "occupancy", true, observedAt));

        var normalized = await NgsiCalls.EntityAsync(twin.Http, NgsiCalls.BayUrn(bay.Id), keyValues: false);
        var keyValues = await NgsiCalls.EntityAsync(twin.Http, NgsiCalls.BayUrn(bay.Id));

        var status = normalized.GetProperty("status");
        Assert.Equal("Property", status.GetProperty("type").GetString());
        Assert.Equal("occupied", status.GetProperty("value").GetString());
        Assert.Equal(DateTimeOffset.Parse(observedAt, CultureInfo.InvariantCulture), status.GetProperty("observedAt").GetDateTimeOffset());
        Assert.Equal("Relationship", normalized.GetProperty("refParkingSite").GetProperty("type").GetString());
        Assert.Equal("GeoProperty", normalized.GetProperty("location").GetProperty("type").GetString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(keyValues.GetRawText()), ToKeyValues(normalized)));
    }

    [Fact]
    public async Task Json_answer_links_the_context_and_ld_json_answer_carries_it()
    {
        string path = $"{NgsiCalls.Entities}/{NgsiCalls.BayUrn(twin.TakeBay().Id)}";

        using var json = await NgsiCalls.GetAsync(twin.Http, path, "application/json");
        using var jsonLd = await NgsiCalls.GetAsync(twin.Http, path, "application/ld+json");

        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        var link = Assert.Single(NgsiCalls.Links(json, NgsiCalls.ContextRel));
        Assert.Contains("<https://smartdatamodels.org/context.jsonld>", link, StringComparison.Ordinal);
        Assert.False((await NgsiCalls.JsonAsync(json)).TryGetProperty("@context", out _));

        Assert.Equal("application/ld+json", jsonLd.Content.Headers.ContentType?.MediaType);
        Assert.Empty(NgsiCalls.Links(jsonLd, NgsiCalls.ContextRel));
        var context = (await NgsiCalls.JsonAsync(jsonLd)).GetProperty("@context").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("https://smartdatamodels.org/context.jsonld", context);
        Assert.Contains(context, c => c!.StartsWith("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Accept_without_json_is_406_NotAcceptable()
    {
        using var response = await NgsiCalls.GetAsync(twin.Http, $"{NgsiCalls.Entities}/{NgsiCalls.BayUrn(twin.TakeBay().Id)}", "text/html");

        await NgsiCalls.IsNgsiErrorAsync(response, HttpStatusCode.NotAcceptable, "NotAcceptable");
    }

    [Fact]
    public void Schema_check_refuses_a_status_outside_the_models_enum()
    {
        var entity = JsonDocument.Parse("""
            {"id":"urn:ngsi-ld:ParkingSpot:bay:XH-0001-07","type":"ParkingSpot","status":"maybe","category":["onStreet"],
             "refParkingSite":"urn:ngsi-ld:OnStreetParking:grid:XH-0001","location":{"type":"Point","coordinates":[120.13,30.26]}}
            """).RootElement;

        Assert.False(SmartDataModelSchemas.Evaluate(entity).Valid);
    }

    /// <summary>The keyValues form of a normalized entity: each attribute's value (or object), nothing else.</summary>
    private static JsonObject ToKeyValues(JsonElement normalized)
    {
        var entity = new JsonObject();
        foreach (var member in normalized.EnumerateObject())
        {
            entity[member.Name] = member.Value.ValueKind == JsonValueKind.Object
                ? JsonNode.Parse((member.Value.TryGetProperty("object", out var target) ? target : member.Value.GetProperty("value")).GetRawText())
                : JsonNode.Parse(member.Value.GetRawText());
        }
        return entity;
    }
}
