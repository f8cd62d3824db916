using System.Net;

namespace SmartCity.Api.Tests.Reports;

/// <summary>The reporter's name, phone, e-mail and citizen id go to the city but appear in no answer anyone can read.</summary>
[Collection(SharedTwin.Name)]
public sealed class ReportPrivacyTests(TwinFixture twin)
{
    private const string Name = "Ouyang Privacyname";
    private const string Phone = "13812345678";
    private const string Email = "ouyang.private@example.cn";
    private const string CitizenId = "citizen-330106-PRIVATE-7";

    [Fact]
    public async Task Reporters_contact_and_citizen_id_appear_in_no_public_answer()
    {
        var cell = twin.TakeReportCell();
        var report = ReportCalls.NewReport(cell, citizenId: CitizenId);
        report["contact"] = new { name = Name, phone = Phone, email = Email };
        using var filed = await twin.PostAsync("/api/reports", report);
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        string id = filed.Headers.Location!.OriginalString["/api/reports/".Length..];
        await twin.AcknowledgeAsync(id, cell.OfficialId);
        await twin.ResolveAsync(id, cell.OfficialId);
        await twin.ActAsync(id, "rating", new { citizenId = CitizenId, stars = 3, comment = "Fine." });
        await twin.ActAsync(id, "reopen", new { citizenId = CitizenId, reason = "Back again." });
        await twin.ResolveAsync(id, cell.OfficialId);

        // What anyone may read; the answers to the reporter, its officials and admin carry the private
        // fields on purpose (Security/RoleRulesTests).
        string[] answers =
        [
            await twin.Anonymous.GetStringAsync($"/api/reports/{id}"),
            await twin.TextAsync("/api/reports?limit=1000"),
            await twin.TextAsync($"/api/reports?grid={cell.Id}"),
            await twin.TextAsync($"/api/officials/{cell.OfficialId}/reports?status=all"),
            await twin.TextAsync("/api/reports/feed?limit=500"),
            await twin.TextAsync($"/api/reports/feed?grid={cell.Id}"),
            await twin.TextAsync("/api/reports/leaderboard/grids?window=all&limit=1000"),
            await twin.TextAsync("/api/reports/leaderboard/officials?window=all&limit=1000"),
            await twin.TextAsync("/api/city/performance"),
            await twin.TextAsync($"/api/districts/{cell.DistrictId}/performance"),
            await twin.TextAsync($"/api/communities/{Uri.EscapeDataString(cell.Community)}/performance"),
            await twin.TextAsync($"/api/grids/{cell.Id}/performance"),
            await twin.TextAsync($"/api/officials/{cell.OfficialId}/performance"),
        ];

        // The report itself is there (so the search below looks at the right answers), its reporter is not.
        Assert.All(answers[..6], answer => Assert.Contains(id, answer, StringComparison.Ordinal));
        Assert.All(answers[6..], answer => Assert.Contains("\"reported\":", answer, StringComparison.Ordinal));
        foreach (string secret in new[] { Name, "Ouyang", Phone, Email, "ouyang.private", CitizenId })
        {
            Assert.All(answers, answer => Assert.DoesNotContain(secret, answer, StringComparison.OrdinalIgnoreCase));
        }
        foreach (string field in new[] { "\"contact\"", "\"citizenId\"", "\"phone\"", "\"email\"" })
        {
            Assert.All(answers, answer => Assert.DoesNotContain(field, answer, StringComparison.OrdinalIgnoreCase));
        }
    }
}
