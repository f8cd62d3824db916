using System.Net;
using SmartCity.Api.Security;
using SmartCity.Api.Tests.Reports;
using SmartCity.TestSupport;

namespace SmartCity.Api.Tests.Open311;

/// <summary>
/// Open311's api_key is this twin's API key or token: posting needs one with a role that may file
/// ("403 - Missing or Invalid API Key" otherwise); reading does not.
/// </summary>
[Collection(Open311KeyTwin.Name)]
public sealed class Open311ApiKeyTests(Open311KeyTwinFixture twin)
{
    [Theory]
    [InlineData("json", null)]
    [InlineData("json", "wrong-key")]
    [InlineData("json", "truncated")]
    [InlineData("json", "a sensor's key")]
    [InlineData("xml", "wrong-key")]
    public async Task Post_without_the_right_api_key_is_403_naming_api_key_and_files_nothing(string format, string? apiKey)
    {
        var cell = twin.TakeGridCell();
        var fields = Open311Spec.RoadDamageAt(cell);
        apiKey = apiKey switch
        {
            "truncated" => Open311KeyTwinFixture.ApiKey[..^2],
            "a sensor's key" => TestCredentials.Token("gateway-1", [Roles.Sensor], "bay:*"),
            _ => apiKey,
        };
        if (apiKey is not null) fields.Add(("api_key", apiKey));

        using var response = await twin.Anonymous.PostAsync($"{Open311Spec.Root}/requests.{format}", Open311Spec.Form([.. fields]));

        var named = format == "json"
            ? await Open311Spec.JsonErrorFieldsAsync(response, HttpStatusCode.Forbidden)
            : await Open311Spec.XmlErrorFieldsAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(["api_key"], named);
        Assert.Empty(await Open311Spec.RequestsInAsync(twin.Http, cell.Id));
    }

    [Theory]
    [InlineData("multipart/form-data", "api_key=x")]
    [InlineData("multipart/form-data; boundary=zz", "--zz\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\nunterminated")]
    [InlineData("application/x-www-form-urlencoded", "api_key=%ZZ&%")]
    public async Task A_form_that_cannot_be_read_is_refused_in_Open311s_words_and_files_nothing(string contentType, string body)
    {
        int before = await twin.ReportsInCityAsync();
        using var content = new StringContent(body);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        using var response = await twin.Anonymous.PostAsync($"{Open311Spec.Root}/requests.json", content);

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal(before, await twin.ReportsInCityAsync());
    }

    [Fact]
    public async Task Post_with_the_configured_api_key_is_filed()
    {
        var cell = twin.TakeGridCell();

        string id = await Open311Spec.PostAsync(twin.Anonymous, [.. Open311Spec.RoadDamageAt(cell), ("api_key", Open311KeyTwinFixture.ApiKey)]);

        var listed = Assert.Single(await Open311Spec.RequestsInAsync(twin.Http, cell.Id));
        Assert.Equal(id, listed.GetProperty("service_request_id").GetString());
    }

    [Fact]
    public async Task Api_key_in_the_query_string_is_accepted_too()
    {
        var cell = twin.TakeGridCell();

        using var response = await twin.Anonymous.PostAsync($"{Open311Spec.Root}/requests.json?api_key={Open311KeyTwinFixture.ApiKey}",
            Open311Spec.Form([.. Open311Spec.RoadDamageAt(cell)]));

        await Open311Spec.JsonAsync(response, HttpStatusCode.OK);
        Assert.Single(await Open311Spec.RequestsInAsync(twin.Http, cell.Id));
    }

    [Fact]
    public async Task Reading_services_and_requests_needs_no_api_key()
    {
        await Open311Spec.GetJsonAsync(twin.Anonymous, "/services.json");
        await Open311Spec.GetXmlAsync(twin.Anonymous, "/services/road-damage.xml");
        await Open311Spec.GetJsonAsync(twin.Anonymous, "/requests.json");
    }

    /// <summary>Moves this twin's city clock 91 days on; the other tests of this twin do not depend on its time.</summary>
    [Fact]
    public async Task Request_list_without_dates_covers_the_most_recent_90_days()
    {
        var cell = twin.TakeGridCell();
        string id = await Open311Spec.PostAsync(twin.Http, [.. Open311Spec.RoadDamageAt(cell), ("api_key", Open311KeyTwinFixture.ApiKey)]);
        Assert.Single(await Open311Spec.RequestsInAsync(twin.Http, cell.Id));

        twin.Time.Advance(TimeSpan.FromDays(91));

        Assert.Empty(await Open311Spec.RequestsInAsync(twin.Http, cell.Id));
        Assert.Single(await Open311Spec.RequestsInAsync(twin.Http, cell.Id, "?start_date=2026-11-25T00:00:00Z"));
        var byId = await Open311Spec.GetJsonAsync(twin.Http, $"/requests.json?service_request_id={id}");
        Assert.Single(byId.EnumerateArray());
    }
}
