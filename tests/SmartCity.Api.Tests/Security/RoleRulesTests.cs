using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartCity.Api.Security;
using SmartCity.Api.Tests.Reports;
using SmartCity.TestSupport;

namespace SmartCity.Api.Tests.Security;

/// <summary>
/// What a role may do beyond reaching an endpoint: officials act on their own reports only, citizens
/// see and rate their own reports only, sensors write their own entities only.
/// </summary>
[Collection(SharedTwin.Name)]
public sealed class RoleRulesTests(TwinFixture twin)
{
    [Fact]
    public async Task An_official_resolves_a_report_of_their_grid_as_themselves_without_naming_anyone()
    {
        var cell = twin.TakeReportCell();
        string id = await twin.FileIdAsync(cell);
        using var official = twin.ClientWith(TestCredentials.Token(cell.OfficialId, [Roles.Official]));

        using var acknowledged = await official.PostAsJsonAsync($"/api/reports/{id}/acknowledge", new { text = "On my way." });
        using var resolved = await official.PostAsJsonAsync($"/api/reports/{id}/resolve", new { resolution = "Swept." });

        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var report = await twin.GetAsync($"/api/reports/{id}");
        Assert.Equal("resolved", report.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_official_may_not_act_on_another_grids_report_nor_in_another_officials_name()
    {
        var cell = twin.TakeReportCell();
        var other = twin.TakeReportCell(c => c.OfficialId != cell.OfficialId);
        string id = await twin.FileIdAsync(cell);
        string before = await twin.TextAsync($"/api/reports/{id}");
        using var stranger = twin.ClientWith(TestCredentials.Token(other.OfficialId, [Roles.Official]));

        using var notTheirs = await stranger.PostAsJsonAsync($"/api/reports/{id}/resolve", new { resolution = "Done." });
        using var posing = await stranger.PostAsJsonAsync($"/api/reports/{id}/resolve", new { actorId = cell.OfficialId, resolution = "Done." });

        Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, posing.StatusCode);
        Assert.Contains("actorId", await posing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await twin.TextAsync($"/api/reports/{id}"));
    }

    [Fact]
    public async Task A_report_passed_on_to_an_official_may_be_resolved_by_them()
    {
        var cell = twin.TakeReportCell();
        var other = twin.TakeReportCell(c => c.OfficialId != cell.OfficialId);
        string id = await twin.FileIdAsync(cell);
        using var holder = twin.ClientWith(TestCredentials.Token(cell.OfficialId, [Roles.Official]));
        using var receiver = twin.ClientWith(TestCredentials.Token(other.OfficialId, [Roles.Official]));

        using var passed = await holder.PostAsJsonAsync($"/api/reports/{id}/pass-on", new { to = other.OfficialId, reason = "Their street." });
        using var resolved = await receiver.PostAsJsonAsync($"/api/reports/{id}/resolve", new { resolution = "Fixed." });

        Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
    }

    [Fact]
    public async Task A_citizen_sees_the_private_fields_of_their_own_report_only_and_rates_only_their_own()
    {
        var cell = twin.TakeReportCell();
        var (citizenId, reporter) = await RegisterCitizenAsync();
        var (_, neighbour) = await RegisterCitizenAsync();
        using (reporter)
        using (neighbour)
        {
            var body = ReportCalls.NewReport(cell);
            body["contact"] = new { phone = "13800000000" };
            using var filed = await reporter.PostAsJsonAsync("/api/reports", body);
            Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
            string id = ReportCalls.Id(await filed.Content.ReadFromJsonAsync<JsonElement>());

            var own = await reporter.GetFromJsonAsync<JsonElement>($"/api/reports/{id}");
            Assert.Equal(citizenId, own.GetProperty("private").GetProperty("citizenId").GetString());
            Assert.Equal("13800000000", own.GetProperty("private").GetProperty("contact").GetProperty("phone").GetString());
            foreach (var client in new[] { neighbour, twin.Anonymous })
            {
                string seen = await client.GetStringAsync($"/api/reports/{id}");
                Assert.DoesNotContain(citizenId, seen, StringComparison.Ordinal);
                Assert.DoesNotContain("13800000000", seen, StringComparison.Ordinal);
            }
            using var official = twin.ClientWith(TestCredentials.Token(cell.OfficialId, [Roles.Official]));
            Assert.Contains("13800000000", await official.GetStringAsync($"/api/reports/{id}"), StringComparison.Ordinal);

            await twin.AcknowledgeAsync(id, cell.OfficialId);
            await twin.ResolveAsync(id, cell.OfficialId);
            using var byNeighbour = await neighbour.PostAsJsonAsync($"/api/reports/{id}/rating", new { stars = 1 });
            using var posing = await neighbour.PostAsJsonAsync($"/api/reports/{id}/rating", new { citizenId, stars = 1 });
            using var byReporter = await reporter.PostAsJsonAsync($"/api/reports/{id}/rating", new { stars = 5 });
            Assert.Equal(HttpStatusCode.Forbidden, byNeighbour.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, posing.StatusCode);
            Assert.Equal(HttpStatusCode.OK, byReporter.StatusCode);
            Assert.Equal(5, (await twin.GetAsync($"/api/reports/{id}")).GetProperty("rating").GetInt32());
        }
    }

    [Fact]
    public async Task A_citizen_files_under_their_own_id_only()
    {
        var cell = twin.TakeReportCell();
        var (_, citizen) = await RegisterCitizenAsync();
        using (citizen)
        {
            int before = await twin.ReportsInCityAsync();
            using var posing = await citizen.PostAsJsonAsync("/api/reports", ReportCalls.NewReport(cell, citizenId: "citizen:someone-else"));

            Assert.Equal(HttpStatusCode.Forbidden, posing.StatusCode);
            Assert.Contains("citizenId", await posing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(before, await twin.ReportsInCityAsync());
        }
    }

    [Fact]
    public async Task A_sensor_key_writes_readings_for_its_own_entities_only()
    {
        var bays = new[] { twin.TakeBay(), twin.TakeBay() };
        using var gateway = twin.ClientWith(TestCredentials.Token("gateway-7", [Roles.Sensor], bays[0].Id));
        string otherBefore = await twin.TextAsync($"/api/parking/bays/{bays[1].Id}");

        using var response = await gateway.PostAsJsonAsync("/api/readings", new[]
        {
            TwinFixture.Reading(bays[0].Id, "occupancy", true, twin.SecondsAgo(1)),
            TwinFixture.Reading(bays[1].Id, "occupancy", true, twin.SecondsAgo(1)),
        });

        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, answer.GetProperty("accepted").GetInt32());
        var refused = answer.GetProperty("results")[1];
        Assert.Equal("rejected", refused.GetProperty("status").GetString());
        Assert.True(refused.GetProperty("errors").TryGetProperty("readings[1].entityId", out _), refused.GetRawText());
        Assert.Equal(otherBefore, await twin.TextAsync($"/api/parking/bays/{bays[1].Id}"));
    }

    private async Task<(string CitizenId, HttpClient Client)> RegisterCitizenAsync()
    {
        using var response = await twin.Anonymous.PostAsync("/api/auth/citizens", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var registration = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (registration.GetProperty("citizenId").GetString()!, twin.ClientWith(registration.GetProperty("token").GetString()!));
    }
}
