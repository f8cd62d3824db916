using System.Net;
using System.Text.Json;
using SmartCity.Grains.Reports;

namespace SmartCity.Api.Tests.Open311;

/// <summary>GET services and GET a service definition, as an Open311 client reads them.</summary>
[Collection(SharedTwin.Name)]
public sealed class Open311ServiceTests(TwinFixture twin)
{
    private static readonly ReportCatalog Catalog = ReportCatalog.Default;

    [Fact]
    public async Task Service_list_in_json_offers_every_report_category_as_a_realtime_service_that_fits_the_schema()
    {
        var services = await Open311Spec.GetJsonAsync(twin.Http, "/services.json");

        Assert.Equal(Catalog.Categories.Select(c => c.Code), services.EnumerateArray().Select(s => s.GetProperty("service_code").GetString()));
        foreach (var (service, category) in services.EnumerateArray().Zip(Catalog.Categories))
        {
            Open311Spec.AssertMembers(service, Open311Spec.Service);
            Assert.Equal(Open311Spec.Service.Length, service.EnumerateObject().Count());
            Assert.Equal(category.Name, service.GetProperty("service_name").GetString());
            Assert.Equal(category.Description, service.GetProperty("description").GetString());
            Assert.Equal(category.Attributes.Count > 0, service.GetProperty("metadata").GetBoolean());
            Assert.Equal("realtime", service.GetProperty("type").GetString());
            Assert.Equal(string.Join(",", category.Keywords), service.GetProperty("keywords").GetString());
            Assert.Equal(category.Group, service.GetProperty("group").GetString());
            Open311Schemas.AssertServiceFits(service);
        }
    }

    [Fact]
    public async Task Service_list_in_xml_has_the_elements_of_the_spec_example_with_the_same_values_as_json()
    {
        var root = await Open311Spec.GetXmlAsync(twin.Http, "/services.xml");
        var json = await Open311Spec.GetJsonAsync(twin.Http, "/services.json");

        Assert.Equal("services", root.Name.LocalName);
        Assert.All(root.Elements(), e => Assert.Equal("service", e.Name.LocalName));
        Assert.All(root.Elements(), e => Open311Spec.AssertChildren(e, Open311Spec.Service));
        var roadDamage = root.Elements().Single(e => e.Element("service_code")!.Value == "road-damage");
        Assert.Equal(("true", "realtime", "Streets"), (roadDamage.Element("metadata")!.Value, roadDamage.Element("type")!.Value, roadDamage.Element("group")!.Value));
        var garbage = root.Elements().Single(e => e.Element("service_code")!.Value == "garbage");
        Assert.Equal("false", garbage.Element("metadata")!.Value);
        Assert.Equal(
            json.EnumerateArray().Select(s => s.GetProperty("service_name").GetString()),
            root.Elements().Select(e => e.Element("service_name")!.Value));
    }

    [Fact]
    public async Task Service_definition_in_json_lists_the_attributes_with_lower_case_datatypes_and_fits_the_schema()
    {
        var definition = await Open311Spec.GetJsonAsync(twin.Http, "/services/road-damage.json");

        Open311Spec.AssertMembers(definition, Open311Spec.ServiceDefinition);
        Assert.Equal("road-damage", definition.GetProperty("service_code").GetString());
        var attributes = definition.GetProperty("attributes").EnumerateArray().ToArray();
        Assert.Equal(["size", "danger"], attributes.Select(a => a.GetProperty("code").GetString()));
        var danger = attributes[1];
        Open311Spec.AssertMembers(danger, Open311Spec.Attribute);
        Assert.True(danger.GetProperty("variable").GetBoolean());
        Assert.Equal("singlevaluelist", danger.GetProperty("datatype").GetString());
        Assert.True(danger.GetProperty("required").GetBoolean());
        Assert.Equal(2, danger.GetProperty("order").GetInt32());
        Assert.Equal("Is it dangerous to people or vehicles right now?", danger.GetProperty("description").GetString());
        Assert.Equal([("yes", "Yes"), ("no", "No")], danger.GetProperty("values").EnumerateArray()
            .Select(v => (v.GetProperty("key").GetString(), v.GetProperty("name").GetString())));
        Assert.All(danger.GetProperty("values").EnumerateArray(), v => Open311Spec.AssertMembers(v, Open311Spec.AttributeValue));
        Assert.False(attributes[0].GetProperty("required").GetBoolean());
        Open311Schemas.AssertServiceFits(definition);
    }

    [Fact]
    public async Task Service_definition_of_a_free_text_attribute_has_no_values()
    {
        var definition = await Open311Spec.GetJsonAsync(twin.Http, "/services/streetlight.json");

        var pole = definition.GetProperty("attributes")[0];
        Assert.Equal(("pole", "string"), (pole.GetProperty("code").GetString(), pole.GetProperty("datatype").GetString()));
        Assert.False(pole.TryGetProperty("values", out _));
        Open311Schemas.AssertServiceFits(definition);
    }

    [Fact]
    public async Task Service_definition_in_xml_nests_attributes_and_values_as_the_spec_example()
    {
        var root = await Open311Spec.GetXmlAsync(twin.Http, "/services/road-damage.xml");

        Assert.Equal("service_definition", root.Name.LocalName);
        Open311Spec.AssertChildren(root, Open311Spec.ServiceDefinition);
        var attributes = root.Element("attributes")!.Elements().ToArray();
        Assert.All(attributes, a => Assert.Equal("attribute", a.Name.LocalName));
        Assert.All(attributes, a => Open311Spec.AssertChildren(a, Open311Spec.Attribute));
        var danger = attributes[1];
        Assert.Equal(("true", "danger", "singlevaluelist", "true", "2"), (danger.Element("variable")!.Value, danger.Element("code")!.Value,
            danger.Element("datatype")!.Value, danger.Element("required")!.Value, danger.Element("order")!.Value));
        var values = danger.Element("values")!.Elements().ToArray();
        Assert.All(values, v => Assert.Equal("value", v.Name.LocalName));
        Assert.All(values, v => Open311Spec.AssertChildren(v, Open311Spec.AttributeValue));
        Assert.Equal(["yes", "no"], values.Select(v => v.Element("key")!.Value));
    }

    [Fact]
    public async Task Service_definition_of_an_unknown_code_is_404_in_the_spec_error_format_in_json_and_xml()
    {
        using var json = await twin.Http.GetAsync($"{Open311Spec.Root}/services/no-such-service.json");
        using var xml = await twin.Http.GetAsync($"{Open311Spec.Root}/services/no-such-service.xml");

        Assert.Equal(["service_code"], await Open311Spec.JsonErrorFieldsAsync(json, HttpStatusCode.NotFound));
        Assert.Equal(["service_code"], await Open311Spec.XmlErrorFieldsAsync(xml, HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Resource_in_a_format_other_than_json_or_xml_is_404_in_the_spec_error_format()
    {
        using var response = await twin.Http.GetAsync($"{Open311Spec.Root}/services.csv");

        Assert.Equal(["format"], await Open311Spec.XmlErrorFieldsAsync(response, HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Json_error_code_is_the_http_status()
    {
        using var response = await twin.Http.GetAsync($"{Open311Spec.Root}/services/no-such-service.json");

        var errors = await Open311Spec.JsonAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(404, errors[0].GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.String, errors[0].GetProperty("description").ValueKind);
    }
}
