using System.Net;
using System.Text.Json;

namespace SmartCity.Api.Tests.Observability;

/// <summary>/health/live says the process is up; /health/ready that the silo is active and storage answers. Both in JSON.</summary>
[Collection(ObservedTwin.Name)]
public sealed class HealthTests(ObservedTwinFixture twin)
{
    [Fact]
    public async Task Live_answers_healthy_with_the_process_check()
    {
        var (status, body) = await HealthAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("process").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_answers_healthy_when_the_silo_is_active_and_storage_answers()
    {
        var (status, body) = await HealthAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks");
        Assert.Equal(["silo", "storage"], checks.EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Healthy", checks.GetProperty("silo").GetProperty("status").GetString());
        Assert.Contains("active", checks.GetProperty("silo").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", checks.GetProperty("storage").GetProperty("status").GetString());
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> HealthAsync(string path)
    {
        using var response = await twin.Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
