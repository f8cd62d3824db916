using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SmartCity.Api.Tests.Open311;

/// <summary>POST a request and follow it with GET requests, as an Open311 client does.</summary>
[Collection(SharedTwin.Name)]
public sealed class Open311RequestTests(TwinFixture twin)
{
    [Fact]
    public async Task Posted_request_answers_its_id_as_a_string_with_a_service_notice_and_fits_the_schema()
    {
        var cell = twin.TakeGridCell();

        using var response = await twin.Http.PostAsync($"{Open311Spec.Root}/requests.json",
            Open311Spec.Form([.. Open311Spec.RoadDamageAt(cell), ("account_id", "citizen-7"), ("attribute[size]", "large")]));

        var receipt = await Open311Spec.JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(1, receipt.GetArrayLength());
        Open311Spec.AssertMembers(receipt[0], Open311Spec.Receipt);
        Assert.Equal(JsonValueKind.String, receipt[0].GetProperty("service_request_id").ValueKind);
        Assert.Matches("^[0-9]{6}-[2-9A-Z]{6}$", receipt[0].GetProperty("service_request_id").GetString());
        Assert.Equal("The grid official for this place acknowledges within 2 hours and resolves within 3 days.",
            receipt[0].GetProperty("service_notice").GetString());
        Assert.Equal("citizen-7", receipt[0].GetProperty("account_id").GetString());
        Open311Schemas.AssertRequestFits(receipt[0]);
    }

    [Fact]
    public async Task Posted_request_in_xml_answers_service_requests_with_one_request_and_an_empty_account_id()
    {
        var cell = twin.TakeGridCell();

        using var response = await twin.Http.PostAsync($"{Open311Spec.Root}/requests.xml", Open311Spec.Form([.. Open311Spec.RoadDamageAt(cell)]));

        var root = await Open311Spec.XmlAsync(response, HttpStatusCode.OK);
        Assert.Equal("service_requests", root.Name.LocalName);
        var request = Assert.Single(root.Elements());
        Assert.Equal("request", request.Name.LocalName);
        Open311Spec.AssertChildren(request, Open311Spec.Receipt);
        Assert.Equal("", request.Element("account_id")!.Value);
        var id = request.Element("service_request_id")!.Value;
        var listed = await Open311Spec.GetJsonAsync(twin.Http, $"/requests/{id}.json");
        Assert.Equal("road-damage", listed[0].GetProperty("service_code").GetString());
    }

    [Fact]
    public async Task Posted_request_shows_up_in_the_request_list_with_every_spec_field_and_no_personal_data()
    {
        var cell = twin.TakeGridCell();
        var official = twin.City.Official(cell.OfficialId)!;
        (string, string)[] personal =
        [
            ("email", "ana.li@example.org"), ("device_id", "device-4711"), ("account_id", "citizen-ana-7"),
            ("first_name", "Ana"), ("last_name", "Lizhen"), ("phone", "+86 571 5550 1234"),
        ];
        string id = await Open311Spec.PostAsync(twin.Http,
        [
            .. Open311Spec.RoadDamageAt(cell), .. personal,
            ("address_string", "12 Wensan Road, Xihu"), ("media_url", "https://photos.example/pothole.jpg"),
        ]);

        var listed = Assert.Single(await Open311Spec.RequestsInAsync(twin.Http, cell.Id));

        Assert.Equal(id, listed.GetProperty("service_request_id").GetString());
        Open311Spec.AssertMembers(listed, Open311Spec.Request, Open311Spec.Extensions);
        Assert.Equal("open", listed.GetProperty("status").GetString());
        Assert.False(listed.TryGetProperty("status_notes", out _));
        Assert.Equal(("Road or pavement damage", "road-damage"), (listed.GetProperty("service_name").GetString(), listed.GetProperty("service_code").GetString()));
        Assert.Equal("Deep pothole in the cycle lane", listed.GetProperty("description").GetString());
        Assert.Equal(official.Name, listed.GetProperty("agency_responsible").GetString());
        Assert.StartsWith("The grid official", listed.GetProperty("service_notice").GetString());
        Assert.Equal("2026-11-25T10:00:00+08:00", listed.GetProperty("requested_datetime").GetString());
        Assert.Equal("2026-11-25T10:00:00+08:00", listed.GetProperty("updated_datetime").GetString());
        Assert.Equal("2026-11-28T10:00:00+08:00", listed.GetProperty("expected_datetime").GetString());
        Assert.Equal("12 Wensan Road, Xihu", listed.GetProperty("address").GetString());
        Assert.Equal((cell.Boundary.Centroid.Lat, cell.Boundary.Centroid.Lon), (listed.GetProperty("lat").GetDouble(), listed.GetProperty("long").GetDouble()));
        Assert.Equal("https://photos.example/pothole.jpg", listed.GetProperty("media_url").GetString());
        var extensions = listed.GetProperty(Open311Spec.Extensions);
        Assert.Equal(("submitted", cell.Id, cell.DistrictId), (extensions.GetProperty("status").GetString(),
            extensions.GetProperty("grid_cell_id").GetString(), extensions.GetProperty("district_id").GetString()));
        Open311Schemas.AssertRequestFits(listed);

        string everything = (await twin.Http.GetStringAsync($"{Open311Spec.Root}/requests.json"))
            + await twin.Http.GetStringAsync($"{Open311Spec.Root}/requests.xml")
            + await twin.Http.GetStringAsync($"{Open311Spec.Root}/requests/{id}.json")
            + await twin.Http.GetStringAsync($"{Open311Spec.Root}/requests/{id}.xml");
        Assert.All(personal, field => Assert.DoesNotContain(field.Item2, everything, StringComparison.Ordinal));
        Assert.All(Open311Spec.PersonalFields, name => Assert.DoesNotContain($"\"{name}\"", everything, StringComparison.Ordinal));
        Assert.All(Open311Spec.PersonalFields, name => Assert.DoesNotContain($"<{name}>", everything, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_by_id_is_a_list_of_that_one_request_in_json_and_xml()
    {
        var cell = twin.TakeGridCell();
        string id = await Open311Spec.PostAsync(twin.Http, Open311Spec.RoadDamageAt(cell));

        var json = await Open311Spec.GetJsonAsync(twin.Http, $"/requests/{id}.json");
        var xml = await Open311Spec.GetXmlAsync(twin.Http, $"/requests/{id}.xml");

        var request = Assert.Single(json.EnumerateArray());
        Assert.Equal(id, request.GetProperty("service_request_id").GetString());
        Open311Spec.AssertMembers(request, Open311Spec.Request, Open311Spec.Extensions);
        Open311Schemas.AssertRequestFits(request);
        Assert.Equal("service_requests", xml.Name.LocalName);
        var element = Assert.Single(xml.Elements());
        Assert.Equal("request", element.Name.LocalName);
        Open311Spec.AssertChildren(element, Open311Spec.Request);
        Assert.Equal((id, "open", "", ""), (element.Element("service_request_id")!.Value, element.Element("status")!.Value,
            element.Element("status_notes")!.Value, element.Element("address")!.Value));
        Assert.Equal(request.GetProperty("lat").GetDouble(), (double)element.Element("lat")!);
        Assert.Equal(request.GetProperty("long").GetDouble(), (double)element.Element("long")!);
        Assert.Equal(request.GetProperty("expected_datetime").GetString(), element.Element("expected_datetime")!.Value);
    }

    [Theory]
    [InlineData("260101-ZZZZZZ")]
    [InlineData("not-a-request")]
    public async Task Unknown_request_is_404_in_the_spec_error_format_in_json_and_xml(string id)
    {
        using var json = await twin.Http.GetAsync($"{Open311Spec.Root}/requests/{id}.json");
        using var xml = await twin.Http.GetAsync($"{Open311Spec.Root}/requests/{id}.xml");

        Assert.Equal(["service_request_id"], await Open311Spec.JsonErrorFieldsAsync(json, HttpStatusCode.NotFound));
        Assert.Equal(["service_request_id"], await Open311Spec.XmlErrorFieldsAsync(xml, HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Resolved_request_is_closed_with_the_resolution_as_status_notes_and_resolved_in_the_extension()
    {
        var cell = twin.TakeGridCell();
        string id = await Open311Spec.PostAsync(twin.Http, Open311Spec.RoadDamageAt(cell));
        using var resolved = await twin.Http.PostAsJsonAsync($"/api/reports/{id}/resolve", new { actorId = cell.OfficialId, resolution = "Pothole filled and sealed." });
        Assert.True(resolved.IsSuccessStatusCode, await resolved.Content.ReadAsStringAsync());

        var request = (await Open311Spec.GetJsonAsync(twin.Http, $"/requests/{id}.json"))[0];

        Assert.Equal(("closed", "Pothole filled and sealed."), (request.GetProperty("status").GetString(), request.GetProperty("status_notes").GetString()));
        Assert.Equal("resolved", request.GetProperty(Open311Spec.Extensions).GetProperty("status").GetString());
        Open311Schemas.AssertRequestFits(request);
        Assert.Single(await Open311Spec.RequestsInAsync(twin.Http, cell.Id, "?status=closed"));
        Assert.Empty(await Open311Spec.RequestsInAsync(twin.Http, cell.Id, "?status=open"));
        Assert.Single(await Open311Spec.RequestsInAsync(twin.Http, cell.Id, "?status=open,closed"));
    }

    [Fact]
    public async Task Request_passed_on_to_a_department_names_the_department_as_agency_responsible()
    {
        var cell = twin.TakeGridCell();
        string id = await Open311Spec.PostAsync(twin.Http, Open311Spec.RoadDamageAt(cell));
        using var passed = await twin.Http.PostAsJsonAsync($"/api/reports/{id}/pass-on", new { actorId = cell.OfficialId, to = "department:transport", reason = "Road surface work." });
        Assert.True(passed.IsSuccessStatusCode, await passed.Content.ReadAsStringAsync());

        var request = (await Open311Spec.GetJsonAsync(twin.Http, $"/requests/{id}.json"))[0];

        Assert.Equal("Transport Bureau", request.GetProperty("agency_responsible").GetString());
        Assert.Equal("open", request.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Single_value_attribute_sent_twice_is_refused_and_sent_once_in_array_form_is_kept()
    {
        var cell = twin.TakeGridCell();

        using var twice = await twin.Http.PostAsync($"{Open311Spec.Root}/requests.json",
            Open311Spec.Form([.. Open311Spec.RoadDamageAt(cell), ("attribute[size][]", "small"), ("attribute[size][]", "large")]));

        Assert.Equal(["attribute[size]"], await Open311Spec.JsonErrorFieldsAsync(twice, HttpStatusCode.BadRequest));
        Assert.Empty(await Open311Spec.RequestsInAsync(twin.Http, cell.Id));
        string id = await Open311Spec.PostAsync(twin.Http, [.. Open311Spec.RoadDamageAt(cell), ("attribute[size][]", "small"), ("attribute[pole]", "")]);
        var details = await twin.GetAsync($"/api/reports/{id}");
        Assert.Equal("small", details.GetProperty("attributes").GetProperty("size").GetString());
        Assert.Equal("yes", details.GetProperty("attributes").GetProperty("danger").GetString());
    }

    [Fact]
    public async Task Characters_beyond_the_basic_plane_survive_json_and_xml()
    {
        var cell = twin.TakeGridCell();
        string id = await Open311Spec.PostAsync(twin.Http, Open311Spec.RoadDamageAt(cell, "Pothole by the gate \U0001F6A7 施工"));

        var xml = await Open311Spec.GetXmlAsync(twin.Http, $"/requests/{id}.xml");

        Assert.Equal("Pothole by the gate \U0001F6A7 施工", xml.Element("request")!.Element("description")!.Value);
        Assert.Equal("Pothole by the gate \U0001F6A7 施工", (await Open311Spec.GetJsonAsync(twin.Http, $"/requests/{id}.json"))[0].GetProperty("description").GetString());
    }
}
