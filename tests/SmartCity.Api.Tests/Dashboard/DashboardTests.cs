using System.Net;

namespace SmartCity.Api.Tests.Dashboard;

/// <summary>A twin with the Orleans Dashboard switched on (Orleans:Dashboard:Enabled=true).</summary>
public sealed class DashboardTwinFixture : TwinFixture
{
    protected override IEnumerable<string> ExtraArguments => ["--Orleans:Dashboard:Enabled=true"];
}

[CollectionDefinition(Name)]
public sealed class DashboardTwin : ICollectionFixture<DashboardTwinFixture>
{
    public const string Name = "Twin with the Orleans Dashboard";
}

/// <summary>The Orleans Dashboard is served at /dashboard only when the switch is on.</summary>
[Collection(DashboardTwin.Name)]
public sealed class DashboardOnTests(DashboardTwinFixture twin)
{
    [Fact]
    public async Task Dashboard_answers_at_dashboard_when_switched_on()
    {
        using var response = await twin.Http.GetAsync("/dashboard");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}

[Collection(SharedTwin.Name)]
public sealed class DashboardOffTests(TwinFixture twin)
{
    [Fact]
    public async Task Dashboard_is_not_served_by_default()
    {
        using var response = await twin.Http.GetAsync("/dashboard");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
