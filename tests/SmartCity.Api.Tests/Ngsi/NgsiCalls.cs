using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SmartCity.Grains.Geo;

namespace SmartCity.Api.Tests.Ngsi;

/// <summary>How a test talks to the NGSI-LD view, as an NGSI-LD client would.</summary>
public static class NgsiCalls
{
    public const string Entities = "/ngsi-ld/v1/entities";

    public const string ContextRel = "http://www.w3.org/ns/json-ld#context";

    public static string BayUrn(string bayId) => $"urn:ngsi-ld:ParkingSpot:{bayId}";

    public static string CarParkUrn(string carParkId) => $"urn:ngsi-ld:OffStreetParking:{carParkId}";

    public static string ToiletUrn(string facilityId) => $"urn:ngsi-ld:PointOfInterest:{facilityId}";

    public static async Task<HttpResponseMessage> GetAsync(HttpClient http, string path, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null) request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        return await http.SendAsync(request);
    }

    /// <summary>Asserts a 200 and returns its JSON body.</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> EntityAsync(HttpClient http, string urn, bool keyValues = true)
    {
        using var response = await GetAsync(http, $"{Entities}/{urn}{(keyValues ? "?options=keyValues" : "")}");
        return await JsonAsync(response);
    }

    public static async Task<JsonElement> QueryAsync(HttpClient http, string query)
    {
        using var response = await GetAsync(http, $"{Entities}?{query}");
        return await JsonAsync(response);
    }

    /// <summary>The georel query parameters of "near a point, within so many metres".</summary>
    public static string Near(GeoPoint point, double metres) => string.Create(CultureInfo.InvariantCulture,
        $"georel=near;maxDistance=={metres}&geometry=Point&coordinates=%5B{point.Lon},{point.Lat}%5D");

    /// <summary>
    /// Asserts an NGSI-LD error (ETSI GS CIM 009 clauses 5.5.2, 5.5.3): this status, problem details
    /// with type, title and detail, the NGSI-LD error type, sent as application/json.
    /// </summary>
    public static async Task<JsonElement> IsNgsiErrorAsync(HttpResponseMessage response, HttpStatusCode status, string errorType)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"https://uri.etsi.org/ngsi-ld/errors/{errorType}", body.GetProperty("type").GetString());
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
        return body;
    }

    public static IReadOnlyList<string> Ids(JsonElement entities) =>
        [.. entities.EnumerateArray().Select(e => e.GetProperty("id").GetString()!)];

    /// <summary>The Link header values with the given rel.</summary>
    public static IReadOnlyList<string> Links(HttpResponseMessage response, string rel) =>
        response.Headers.TryGetValues("Link", out var values)
            ? [.. values.SelectMany(v => v.Split(", <")).Where(v => v.Contains($"rel=\"{rel}\"", StringComparison.Ordinal))]
            : [];

    public static string? ResultsCount(HttpResponseMessage response) =>
        response.Headers.TryGetValues("NGSILD-Results-Count", out var values) ? values.Single() : null;
}
