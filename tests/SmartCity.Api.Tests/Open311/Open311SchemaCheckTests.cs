using System.Text.Json;

namespace SmartCity.Api.Tests.Open311;

/// <summary>The schema check itself: it must catch what an Open311 client of the Smart Data Models would trip on.</summary>
public sealed class Open311SchemaCheckTests
{
    private const string Good = """
        {"service_request_id":"261125-K7M3QX","status":"open","service_name":"Noise","service_code":"noise",
         "description":"Loudspeakers at night","requested_datetime":"2026-11-25T10:00:00+08:00",
         "updated_datetime":"2026-11-25T10:00:00+08:00","address":"12 Wensan Road","lat":30.27,"long":120.15}
        """;

    [Fact]
    public void Request_in_the_spec_shape_fits_the_service_requests_schema()
    {
        var (valid, errors) = Open311Schemas.EvaluateRequest(JsonDocument.Parse(Good).RootElement);

        Assert.True(valid, errors);
    }

    [Theory]
    [InlineData("\"service_request_id\":\"261125-K7M3QX\"", "\"service_request_id\":261125")]
    [InlineData("\"status\":\"open\"", "\"status\":\"submitted\"")]
    [InlineData("\"status\":\"open\"", "\"status\":\"open\",\"status_notes\":null")]
    [InlineData("\"lat\":30.27", "\"lat\":\"30.27\"")]
    public void Request_with_a_wrong_member_does_not_fit(string member, string wrong)
    {
        var (valid, _) = Open311Schemas.EvaluateRequest(JsonDocument.Parse(Good.Replace(member, wrong, StringComparison.Ordinal)).RootElement);

        Assert.False(valid);
    }
}
