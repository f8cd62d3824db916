using System.Net;
using System.Net.Http.Json;
using SmartCity.Grains.City;

namespace SmartCity.Api.Tests.Open311;

/// <summary>POST requests that must not file anything: each answer names every field at fault, in the spec's error format.</summary>
[Collection(SharedTwin.Name)]
public sealed class Open311RefusalTests(TwinFixture twin)
{
    /// <param name="changes">Fields to set on a good road-damage request, "name=value&amp;..."; "name=" leaves the field out.</param>
    [Theory]
    [InlineData("service_code=no-such-service", 404, "service_code")]
    [InlineData("service_code=", 400, "service_code")]
    [InlineData("lat=0&long=0", 400, "lat/long")]
    [InlineData("lat=95", 400, "lat/long")]
    [InlineData("description=", 400, "description")]
    [InlineData("description=%20%20", 400, "description")]
    [InlineData("description=Pothole%01by%20the%20gate", 400, "description")]
    [InlineData("lat=north", 400, "lat")]
    [InlineData("long=", 400, "long")]
    [InlineData("attribute[danger]=", 400, "attribute[danger]")]
    [InlineData("attribute[danger]=maybe", 400, "attribute[danger]")]
    [InlineData("attribute[colour]=red", 400, "attribute[colour]")]
    [InlineData("attribute[=x", 400, "attribute[")]
    [InlineData("media_url=ftp://photos.example/a.jpg&email=not-an-address&description=", 400, "description,email,media_url")]
    [InlineData("service_code=no-such-service&description=", 404, "description,service_code")]
    public async Task Bad_request_is_refused_naming_each_field_and_files_nothing(string changes, int status, string fields)
    {
        var cell = twin.TakeGridCell();

        using var response = await twin.Http.PostAsync($"{Open311Spec.Root}/requests.json", Open311Spec.Form([.. Changed(cell, changes)]));

        Assert.Equal(fields.Split(','), await Open311Spec.JsonErrorFieldsAsync(response, (HttpStatusCode)status));
        Assert.Empty(await Open311Spec.RequestsInAsync(twin.Http, cell.Id));
    }

    [Fact]
    public async Task Unknown_service_code_is_404_and_its_error_code_404_while_other_errors_keep_400()
    {
        var cell = twin.TakeGridCell();

        using var response = await twin.Http.PostAsync($"{Open311Spec.Root}/requests.json",
            Open311Spec.Form([.. Changed(cell, "service_code=no-such-service&description=")]));

        var errors = await Open311Spec.JsonAsync(response, HttpStatusCode.NotFound);
        var codes = errors.EnumerateArray().ToDictionary(e => e.GetProperty("description").GetString()!.Split(':')[0], e => e.GetProperty("code").GetInt32());
        Assert.Equal(404, codes["service_code"]);
        Assert.Equal(400, codes["description"]);
    }

    [Fact]
    public async Task Address_without_lat_and_long_is_refused_saying_a_point_is_needed()
    {
        var cell = twin.TakeGridCell();

        using var response = await twin.Http.PostAsync($"{Open311Spec.Root}/requests.json",
            Open311Spec.Form([.. Changed(cell, "lat=&long=&address_string=12 Wensan Road&address_id=545483")]));

        Assert.Equal(["lat/long"], await Open311Spec.JsonErrorFieldsAsync(response, HttpStatusCode.BadRequest));
        using var again = await twin.Http.PostAsync($"{Open311Spec.Root}/requests.json",
            Open311Spec.Form([.. Changed(cell, "lat=&long=&address_string=12 Wensan Road")]));
        string description = (await Open311Spec.JsonAsync(again, HttpStatusCode.BadRequest))[0].GetProperty("description").GetString()!;
        Assert.Contains("'lat' and 'long' are required", description, StringComparison.Ordinal);
        Assert.Contains("address_string", description, StringComparison.Ordinal);
        Assert.Empty(await Open311Spec.RequestsInAsync(twin.Http, cell.Id));
    }

    [Fact]
    public async Task Bad_request_for_xml_is_answered_with_errors_in_xml()
    {
        var cell = twin.TakeGridCell();

        using var response = await twin.Http.PostAsync($"{Open311Spec.Root}/requests.xml",
            Open311Spec.Form([.. Changed(cell, "lat=0&long=0&description=")]));

        Assert.Equal(["description", "lat/long"], await Open311Spec.XmlErrorFieldsAsync(response, HttpStatusCode.BadRequest));
        Assert.Empty(await Open311Spec.RequestsInAsync(twin.Http, cell.Id));
    }

    [Fact]
    public async Task Field_given_twice_is_refused()
    {
        var cell = twin.TakeGridCell();

        using var response = await twin.Http.PostAsync($"{Open311Spec.Root}/requests.json",
            Open311Spec.Form([.. Open311Spec.RoadDamageAt(cell), ("description", "A second description")]));

        Assert.Equal(["description"], await Open311Spec.JsonErrorFieldsAsync(response, HttpStatusCode.BadRequest));
        Assert.Empty(await Open311Spec.RequestsInAsync(twin.Http, cell.Id));
    }

    [Fact]
    public async Task Json_body_instead_of_a_form_is_refused_naming_the_body()
    {
        var cell = twin.TakeGridCell();

        using var response = await twin.Http.PostAsJsonAsync($"{Open311Spec.Root}/requests.json",
            Open311Spec.RoadDamageAt(cell).ToDictionary(f => f.Item1, f => f.Item2));

        Assert.Equal(["body"], await Open311Spec.JsonErrorFieldsAsync(response, HttpStatusCode.BadRequest));
        Assert.Empty(await Open311Spec.RequestsInAsync(twin.Http, cell.Id));
    }

    [Fact]
    public async Task Error_messages_use_the_spec_field_names_not_ours()
    {
        var cell = twin.TakeGridCell();

        using var response = await twin.Http.PostAsync($"{Open311Spec.Root}/requests.json",
            Open311Spec.Form([.. Changed(cell, "media_url=photo.jpg&email=nobody")]));

        var errors = await Open311Spec.JsonAsync(response, HttpStatusCode.BadRequest);
        string text = string.Join(" ", errors.EnumerateArray().Select(e => e.GetProperty("description").GetString()));
        Assert.Contains("'media_url'", text, StringComparison.Ordinal);
        Assert.Contains("'email'", text, StringComparison.Ordinal);
        Assert.DoesNotContain("photoUrl", text, StringComparison.Ordinal);
        Assert.DoesNotContain("contact", text, StringComparison.Ordinal);
    }

    private static IEnumerable<(string, string)> Changed(GridCellDefinition cell, string changes)
    {
        var changed = changes.Split('&').Select(c => c.Split('=', 2)).ToDictionary(c => c[0], c => Uri.UnescapeDataString(c[1]));
        return Open311Spec.RoadDamageAt(cell).Where(f => !changed.ContainsKey(f.Item1))
            .Concat(changed.Where(c => c.Value.Length > 0).Select(c => (c.Key, c.Value)));
    }
}
