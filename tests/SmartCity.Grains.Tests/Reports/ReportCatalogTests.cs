using SmartCity.Grains.Reports;

namespace SmartCity.Grains.Tests.Reports;

public sealed class ReportCatalogTests
{
    [Fact]
    public void Shipped_catalog_loads_with_deadlines_and_departments()
    {
        var catalog = ReportCatalog.Default;

        Assert.True(catalog.Categories.Count >= 10);
        var pothole = catalog.Category("road-damage")!;
        Assert.Equal(TimeSpan.FromHours(2), pothole.AcknowledgeWithin);
        Assert.Equal(TimeSpan.FromDays(3), pothole.ResolveWithin);
        Assert.Equal(AttributeDatatype.SingleValueList, pothole.Attributes[0].Datatype);
        Assert.NotNull(catalog.Department(pothole.Department!));
    }

    [Fact]
    public void Errors_name_the_category_and_the_field()
    {
        const string json = """
            { "departments": [ { "id": "department:water", "name": "Water" } ],
              "categories": [
                { "code": "leak", "name": "Leak", "description": "", "group": "", "keywords": [],
                  "acknowledgeWithin": "02:00:00", "resolveWithin": "01:00:00", "department": "department:gas", "attributes": [] },
                { "code": "leak", "name": "", "description": "", "group": "", "keywords": [],
                  "acknowledgeWithin": "00:00:00", "resolveWithin": "01:00:00", "department": null, "attributes": [] } ] }
            """;

        var error = Assert.Throws<ReportCatalogException>(() => ReportCatalog.Parse(json));

        Assert.Contains("categories[0] 'leak'.resolveWithin", error.Message, StringComparison.Ordinal);
        Assert.Contains("categories[0] 'leak'.department: 'department:gas'", error.Message, StringComparison.Ordinal);
        Assert.Contains("categories[1] 'leak'.code: appears twice", error.Message, StringComparison.Ordinal);
        Assert.Contains("categories[1] 'leak'.name", error.Message, StringComparison.Ordinal);
        Assert.Contains("categories[1] 'leak'.acknowledgeWithin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_file_is_refused_with_a_clear_error()
    {
        Assert.Throws<ReportCatalogException>(() => ReportCatalog.Parse("{ \"categories\": [ "));
        Assert.Throws<ReportCatalogException>(() => ReportCatalog.Parse("{ \"categories\": [] }"));
    }
}
