using System.Net;

namespace SmartCity.Api.Tests.Open311;

/// <summary>The filters of GET requests: service_request_id, service_code, start_date, end_date and status.</summary>
[Collection(SharedTwin.Name)]
public sealed class Open311QueryTests(TwinFixture twin)
{
    [Fact]
    public async Task Request_list_in_json_and_xml_has_the_shape_of_the_spec_example_and_fits_the_schema()
    {
        var cell = twin.TakeGridCell();
        await Open311Spec.PostAsync(twin.Http, Open311Spec.RoadDamageAt(cell));

        var json = await Open311Spec.GetJsonAsync(twin.Http, "/requests.json");
        var xml = await Open311Spec.GetXmlAsync(twin.Http, "/requests.xml");

        Assert.NotEmpty(json.EnumerateArray());
        Assert.All(json.EnumerateArray(), r => Open311Spec.AssertMembers(r, Open311Spec.Request, Open311Spec.Extensions));
        Assert.All(json.EnumerateArray(), Open311Schemas.AssertRequestFits);
        Assert.Equal("service_requests", xml.Name.LocalName);
        Assert.All(xml.Elements(), r => Assert.Equal("request", r.Name.LocalName));
        Assert.All(xml.Elements(), r => Open311Spec.AssertChildren(r, Open311Spec.Request));
        Assert.Equal(json.EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()),
            xml.Elements().Select(r => r.Element("service_request_id")!.Value));
    }

    [Fact]
    public async Task Service_request_ids_override_every_other_filter()
    {
        var cell = twin.TakeGridCell();
        string first = await Open311Spec.PostAsync(twin.Http, Open311Spec.RoadDamageAt(cell));
        string second = await Open311Spec.PostAsync(twin.Http, Open311Spec.RoadDamageAt(cell, "Kerb broken in two"));

        var found = await Open311Spec.GetJsonAsync(twin.Http,
            $"/requests.json?service_request_id={first},{second},261231-ZZZZZZ,junk&status=closed&service_code=noise&start_date=2001-01-01T00:00:00Z&end_date=2001-01-02T00:00:00Z");

        Assert.Equal([first, second], found.EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()));
    }

    [Fact]
    public async Task Service_code_filter_takes_a_comma_delimited_list()
    {
        var cell = twin.TakeGridCell();
        await Open311Spec.PostAsync(twin.Http, Open311Spec.RoadDamageAt(cell));
        await Open311Spec.PostAsync(twin.Http,
        [
            .. Open311Spec.RoadDamageAt(cell).Where(f => f.Item1 is not ("service_code" or "attribute[danger]")),
            ("service_code", "garbage"),
        ]);

        Assert.Equal(["road-damage"], Codes(await Open311Spec.RequestsInAsync(twin.Http, cell.Id, "?service_code=road-damage")));
        Assert.Equal(["garbage"], Codes(await Open311Spec.RequestsInAsync(twin.Http, cell.Id, "?service_code=garbage,noise")));
        Assert.Equal(["garbage", "road-damage"], Codes(await Open311Spec.RequestsInAsync(twin.Http, cell.Id, "?service_code=road-damage,garbage")));
        Assert.Equal(["garbage", "road-damage"], Codes(await Open311Spec.RequestsInAsync(twin.Http, cell.Id, "?service_code=road-damage&service_code=garbage")));
    }

    [Fact]
    public async Task Date_range_keeps_the_requests_made_within_it()
    {
        var cell = twin.TakeGridCell();
        await Open311Spec.PostAsync(twin.Http, Open311Spec.RoadDamageAt(cell));

        Assert.Single(await Open311Spec.RequestsInAsync(twin.Http, cell.Id, "?start_date=2026-11-25T01:00:00Z&end_date=2026-11-25T03:00:00Z"));
        // An offset whose '+' the client left unescaped arrives as a space; it is still read.
        Assert.Single(await Open311Spec.RequestsInAsync(twin.Http, cell.Id, "?start_date=2026-11-25T09:59:00+08:00"));
        Assert.Single(await Open311Spec.RequestsInAsync(twin.Http, cell.Id, "?end_date=2026-11-25T10:00:00%2B08:00"));
        Assert.Empty(await Open311Spec.RequestsInAsync(twin.Http, cell.Id, "?end_date=2026-11-25T01:59:59Z"));
        Assert.Empty(await Open311Spec.RequestsInAsync(twin.Http, cell.Id, "?start_date=2026-11-25T02:00:01Z"));
        Assert.Empty(await Open311Spec.RequestsInAsync(twin.Http, cell.Id, "?start_date=2026-06-01T00:00:00Z"));
    }

    [Theory]
    [InlineData("start_date=2026-11-25", "start_date")]
    [InlineData("start_date=2026-11-25T10:00:00", "start_date")]
    [InlineData("end_date=yesterday", "end_date")]
    [InlineData("end_date=2026-13-01T00:00:00Z", "end_date")]
    [InlineData("start_date=2026-11-25T00:00:00Z&end_date=2026-11-24T00:00:00Z", "end_date")]
    [InlineData("start_date=2026-01-01T00:00:00Z&end_date=2026-11-25T00:00:00Z", "start_date/end_date")]
    [InlineData("status=pending", "status")]
    [InlineData("status=open,reopened", "status")]
    [InlineData("service_code=pothole", "service_code")]
    [InlineData("service_code=road-damage,pothole", "service_code")]
    [InlineData("status=done&service_code=pothole", "service_code,status")]
    public async Task Malformed_filter_is_400_naming_it_in_json_and_xml(string query, string fields)
    {
        using var json = await twin.Http.GetAsync($"{Open311Spec.Root}/requests.json?{query}");
        using var xml = await twin.Http.GetAsync($"{Open311Spec.Root}/requests.xml?{query}");

        Assert.Equal(fields.Split(','), await Open311Spec.JsonErrorFieldsAsync(json, HttpStatusCode.BadRequest));
        Assert.Equal(fields.Split(','), await Open311Spec.XmlErrorFieldsAsync(xml, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Jurisdiction_id_is_accepted_and_ignored_for_a_single_jurisdiction()
    {
        var cell = twin.TakeGridCell();
        await Open311Spec.PostAsync(twin.Http, [.. Open311Spec.RoadDamageAt(cell), ("jurisdiction_id", "smartcity.example")]);

        Assert.Single(await Open311Spec.RequestsInAsync(twin.Http, cell.Id, "?jurisdiction_id=smartcity.example"));
    }

    private static string[] Codes(IEnumerable<System.Text.Json.JsonElement> requests) =>
        [.. requests.Select(r => r.GetProperty("service_code").GetString()!).Order(StringComparer.Ordinal)];
}
