using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using SmartCity.Grains.City;

namespace SmartCity.Api.Tests.Open311;

/// <summary>
/// The shapes of the examples in GeoReport v2 (http://wiki.open311.org/GeoReport_v2), member by
/// member in the examples' order, and what an Open311 client does to read our answers.
/// </summary>
public static class Open311Spec
{
    public const string Root = "/open311/v2";

    /// <summary>"GET Service List" example.</summary>
    public static readonly string[] Service = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"];

    /// <summary>"GET Service Definition" example.</summary>
    public static readonly string[] ServiceDefinition = ["service_code", "attributes"];

    public static readonly string[] Attribute = ["variable", "code", "datatype", "required", "datatype_description", "order", "description", "values"];

    public static readonly string[] AttributeValue = ["key", "name"];

    /// <summary>"POST Service Request" example response.</summary>
    public static readonly string[] Receipt = ["service_request_id", "service_notice", "account_id"];

    /// <summary>"GET Service Requests" and "GET Service Request" example responses.</summary>
    public static readonly string[] Request =
    [
        "service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible",
        "service_notice", "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode",
        "lat", "long", "media_url",
    ];

    /// <summary>"Errors" example.</summary>
    public static readonly string[] Error = ["code", "description"];

    /// <summary>Our JSON-only extension member of a request (the spec's Extensions page: Extended Attributes).</summary>
    public const string Extensions = "extended_attributes";

    /// <summary>What GeoReport v2 clients post and we never show again.</summary>
    public static readonly string[] PersonalFields = ["email", "device_id", "account_id", "first_name", "last_name", "phone"];

    public static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(Root + path);
        return await JsonAsync(response, HttpStatusCode.OK);
    }

    public static async Task<XElement> GetXmlAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(Root + path);
        return await XmlAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Asserts the status and the spec's JSON content type, and reads the body.</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts the status, text/xml and the XML declaration naming UTF-8 ("Encoding"), and reads the root.</summary>
    public static async Task<XElement> XmlAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var document = XDocument.Parse(body);
        Assert.Equal("utf-8", document.Declaration?.Encoding, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(XNamespace.None, document.Root!.Name.Namespace);
        return document.Root;
    }

    /// <summary>Asserts a JSON object has only members of the spec's example, in its order; the extra ones may follow.</summary>
    public static void AssertMembers(JsonElement item, string[] spec, params string[] extra)
    {
        var names = item.EnumerateObject().Select(m => m.Name).ToArray();
        string[] allowed = [.. spec, .. extra];
        Assert.All(names, name => Assert.Contains(name, allowed));
        Assert.Equal(names, allowed.Where(names.Contains));
    }

    /// <summary>Asserts an XML element has exactly the children of the spec's example, in its order.</summary>
    public static void AssertChildren(XElement element, string[] spec) =>
        Assert.Equal(spec, element.Elements().Select(e => e.Name.LocalName));

    /// <summary>Asserts the spec's JSON error answer and returns the fields its descriptions name ("field: message").</summary>
    public static async Task<string[]> JsonErrorFieldsAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var errors = await JsonAsync(response, status);
        Assert.True(errors.GetArrayLength() > 0);
        foreach (var error in errors.EnumerateArray())
        {
            AssertMembers(error, Error);
            Assert.Equal(JsonValueKind.Number, error.GetProperty("code").ValueKind);
        }
        return [.. errors.EnumerateArray().Select(e => FieldOf(e.GetProperty("description").GetString()!)).Order(StringComparer.Ordinal)];
    }

    /// <summary>Asserts the spec's XML error answer (errors/error/code+description) and returns the fields it names.</summary>
    public static async Task<string[]> XmlErrorFieldsAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var root = await XmlAsync(response, status);
        Assert.Equal("errors", root.Name.LocalName);
        Assert.All(root.Elements(), e => Assert.Equal("error", e.Name.LocalName));
        Assert.All(root.Elements(), e => AssertChildren(e, Error));
        Assert.NotEmpty(root.Elements());
        return [.. root.Elements().Select(e => FieldOf(e.Element("description")!.Value)).Order(StringComparer.Ordinal)];
    }

    /// <summary>A POST body as Open311 clients send it: application/x-www-form-urlencoded.</summary>
    public static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    /// <summary>The fields of a good request for the road-damage service at the centre of a grid cell.</summary>
    public static List<(string, string)> RoadDamageAt(GridCellDefinition cell, string description = "Deep pothole in the cycle lane") =>
    [
        ("service_code", "road-damage"),
        ("lat", cell.Boundary.Centroid.Lat.ToString("R", CultureInfo.InvariantCulture)),
        ("long", cell.Boundary.Centroid.Lon.ToString("R", CultureInfo.InvariantCulture)),
        ("description", description),
        ("attribute[danger]", "yes"),
    ];

    /// <summary>Posts a good request and returns its service_request_id.</summary>
    public static async Task<string> PostAsync(HttpClient http, IEnumerable<(string, string)> fields)
    {
        using var response = await http.PostAsync($"{Root}/requests.json", Form([.. fields]));
        var receipt = await JsonAsync(response, HttpStatusCode.OK);
        return receipt[0].GetProperty("service_request_id").GetString()!;
    }

    /// <summary>The requests of GET requests.json (last 90 days) that lie in one grid cell.</summary>
    public static async Task<JsonElement[]> RequestsInAsync(HttpClient http, string gridCellId, string query = "") =>
        [.. (await GetJsonAsync(http, $"/requests.json{query}")).EnumerateArray()
            .Where(r => r.GetProperty(Extensions).GetProperty("grid_cell_id").GetString() == gridCellId)];

    private static string FieldOf(string description)
    {
        int colon = description.IndexOf(": ", StringComparison.Ordinal);
        Assert.True(colon > 0, $"'{description}' does not start with the field it is about.");
        return description[..colon];
    }
}
