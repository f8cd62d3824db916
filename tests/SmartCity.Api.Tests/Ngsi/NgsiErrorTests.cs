using System.Net;
using SmartCity.Grains.Facilities;

namespace SmartCity.Api.Tests.Ngsi;

/// <summary>Wrong requests get NGSI-LD errors: ProblemDetails typed https://uri.etsi.org/ngsi-ld/errors/...</summary>
[Collection(SharedTwin.Name)]
public sealed class NgsiErrorTests(TwinFixture twin)
{
    [Theory]
    [InlineData("urn:ngsi-ld:ParkingSpot:bay:XX-9999-99")]
    [InlineData("urn:ngsi-ld:OffStreetParking:bay:XH-0001-07")]
    [InlineData("urn:ngsi-ld:Vehicle:bay:XH-0001-07")]
    [InlineData("bay:XH-0001-07")]
    public async Task Unknown_entity_is_404_ResourceNotFound(string id)
    {
        using var response = await NgsiCalls.GetAsync(twin.Http, $"{NgsiCalls.Entities}/{Uri.EscapeDataString(id)}");

        await NgsiCalls.IsNgsiErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Fact]
    public async Task Facility_that_is_not_a_public_toilet_is_not_published()
    {
        var hall = twin.TakeFacility(FacilityKind.ServiceHall);

        using var response = await NgsiCalls.GetAsync(twin.Http, $"{NgsiCalls.Entities}/{NgsiCalls.ToiletUrn(hall.Id)}");

        await NgsiCalls.IsNgsiErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Fact]
    public async Task Entity_of_another_type_than_asked_is_404()
    {
        using var response = await NgsiCalls.GetAsync(twin.Http, $"{NgsiCalls.Entities}/{NgsiCalls.BayUrn(twin.TakeBay().Id)}?type=OffStreetParking");

        await NgsiCalls.IsNgsiErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Fact]
    public async Task Id_that_is_not_a_URI_is_400_BadRequestData()
    {
        using var response = await NgsiCalls.GetAsync(twin.Http, $"{NgsiCalls.Entities}/not-a-uri");

        await NgsiCalls.IsNgsiErrorAsync(response, HttpStatusCode.BadRequest, "BadRequestData");
    }

    [Theory]
    [InlineData("limit=20")]
    [InlineData("type=ParkingSpot&limit=1001")]
    [InlineData("type=ParkingSpot&limit=-1")]
    [InlineData("type=ParkingSpot&limit=0")]
    [InlineData("type=ParkingSpot&offset=abc")]
    [InlineData("type=ParkingSpot&count=maybe")]
    [InlineData("type=ParkingSpot&options=sysAttrs")]
    [InlineData("type=ParkingSpot&options=keyValues,normalized")]
    [InlineData("type=ParkingSpot&q=status==free")]
    [InlineData("type=ParkingSpot&q=(status==%22free%22)")]
    [InlineData("type=ParkingSpot&georel=within&geometry=Polygon&coordinates=%5B%5D")]
    [InlineData("type=ParkingSpot&georel=near;maxDistance==500&geometry=Point&coordinates=%5B120.1%5D")]
    [InlineData("type=ParkingSpot&geometry=Point&coordinates=%5B120.1,30.2%5D")]
    public async Task Bad_query_is_400_BadRequestData(string query)
    {
        using var response = await NgsiCalls.GetAsync(twin.Http, $"{NgsiCalls.Entities}?{query}");

        await NgsiCalls.IsNgsiErrorAsync(response, HttpStatusCode.BadRequest, "BadRequestData");
    }

    [Fact]
    public async Task Type_that_is_not_served_matches_nothing()
    {
        var entities = await NgsiCalls.QueryAsync(twin.Http, "type=Vehicle");

        Assert.Empty(entities.EnumerateArray());
    }
}
