using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SmartCity.Api.Tests.Reports;

/// <summary>
/// A refused action on a report answers with problem details naming the field at fault and changes
/// nothing: the report reads the same, to the byte, before and after.
/// </summary>
[Collection(SharedTwin.Name)]
public sealed class ActionRefusalTests(TwinFixture twin)
{
    private const string Reporter = "citizen-330102-0042";

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public async Task Rating_outside_one_to_five_stars_is_refused_naming_stars(int stars)
    {
        string id = await ResolvedReportAsync();

        await AssertRefusedAsync(id, "rating", new { citizenId = Reporter, stars }, HttpStatusCode.BadRequest, "stars");
    }

    [Theory]
    [InlineData("""{"citizenId": "citizen-330102-0042"}""", "stars")]
    [InlineData("""{"citizenId": "citizen-330102-0042", "stars": 4.5}""", "stars")]
    [InlineData("""{"citizenId": "citizen-330102-0042", "stars": "five"}""", "stars")]
    [InlineData("""{"citizenId": "citizen-330102-0042", "stars": 5, "tip": 10}""", "tip")]
    // Cut short: the problem names where the reading stopped.
    [InlineData("""{"citizenId": "citizen-330102-0042", "stars": 5""", "stars")]
    [InlineData("""{"citizenId": "citizen-330102-0042", "stars": 5}}""", "body")]
    [InlineData("""stars=5""", "body")]
    public async Task Rating_body_without_whole_stars_is_refused_naming_the_field(string body, string field)
    {
        string id = await ResolvedReportAsync();

        await AssertRefusedAsync(id, "rating", body, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Second_rating_is_a_409_and_the_first_one_stands()
    {
        string id = await ResolvedReportAsync();
        await twin.RateAsync(id, 2, Reporter);

        await AssertRefusedAsync(id, "rating", new { citizenId = Reporter, stars = 5 }, HttpStatusCode.Conflict, "stars");

        Assert.Equal(2, (await twin.GetAsync($"/api/reports/{id}")).GetProperty("rating").GetInt32());
    }

    [Fact]
    public async Task Rating_or_reopening_an_unresolved_report_is_a_409()
    {
        string id = await twin.FileIdAsync(twin.TakeReportCell(), citizenId: Reporter);

        await AssertRefusedAsync(id, "rating", new { citizenId = Reporter, stars = 5 }, HttpStatusCode.Conflict, "status");
        await AssertRefusedAsync(id, "reopen", new { citizenId = Reporter, reason = "Not fixed." }, HttpStatusCode.Conflict, "status");
    }

    [Theory]
    [InlineData("citizen-330102-0043")]
    [InlineData(null)]
    public async Task Citizen_other_than_the_reporter_may_not_rate_or_reopen(string? citizenId)
    {
        string id = await ResolvedReportAsync();

        await AssertRefusedAsync(id, "rating", new { citizenId, stars = 1 }, HttpStatusCode.Forbidden, "citizenId");
        await AssertRefusedAsync(id, "reopen", new { citizenId, reason = "Not fixed." }, HttpStatusCode.Forbidden, "citizenId");
    }

    [Theory]
    [InlineData("acknowledge", """{"actorId": "OFFICIAL"}""")]
    [InlineData("notes", """{"actorId": "OFFICIAL", "text": "Checked again."}""")]
    [InlineData("resolve", """{"actorId": "OFFICIAL", "resolution": "Fixed twice."}""")]
    [InlineData("pass-on", """{"actorId": "OFFICIAL", "to": "department:sanitation", "reason": "Theirs."}""")]
    public async Task Working_a_resolved_report_is_a_409(string action, string body)
    {
        var cell = twin.TakeReportCell();
        string id = await twin.FileIdAsync(cell);
        await twin.ResolveAsync(id, cell.OfficialId);

        await AssertRefusedAsync(id, action, body.Replace("OFFICIAL", cell.OfficialId, StringComparison.Ordinal), HttpStatusCode.Conflict, "status");
    }

    [Theory]
    [InlineData("acknowledge", """{"actorId": "OFFICIAL"}""")]
    [InlineData("notes", """{"actorId": "OFFICIAL", "text": "Mine now."}""")]
    [InlineData("resolve", """{"actorId": "OFFICIAL", "resolution": "Done."}""")]
    [InlineData("pass-on", """{"actorId": "OFFICIAL", "to": "department:sanitation", "reason": "Theirs."}""")]
    [InlineData("acknowledge", """{"actorId": "department:water"}""")]
    public async Task Official_acting_on_someone_elses_report_is_a_403(string action, string body)
    {
        string id = await twin.FileIdAsync(twin.TakeReportCell());
        string other = twin.TakeReportCell().OfficialId;

        await AssertRefusedAsync(id, action, body.Replace("OFFICIAL", other, StringComparison.Ordinal), HttpStatusCode.Forbidden, "actorId");
    }

    [Theory]
    [InlineData("acknowledge", """{"text": "On my way."}""", "actorId")]
    [InlineData("acknowledge", """{"actorId": "  "}""", "actorId")]
    [InlineData("acknowledge", """{"actorId": "OFFICIAL", "text": ""}""", "text")]
    [InlineData("notes", """{"actorId": "OFFICIAL"}""", "text")]
    [InlineData("notes", """{"actorId": "OFFICIAL", "text": "   "}""", "text")]
    [InlineData("resolve", """{"actorId": "OFFICIAL"}""", "resolution")]
    [InlineData("pass-on", """{"actorId": "OFFICIAL", "reason": "Not mine."}""", "to")]
    [InlineData("pass-on", """{"actorId": "OFFICIAL", "to": "official:XH-G999", "reason": "Not mine."}""", "to")]
    [InlineData("pass-on", """{"actorId": "OFFICIAL", "to": "department:fireworks", "reason": "Not mine."}""", "to")]
    [InlineData("pass-on", """{"actorId": "OFFICIAL", "to": "OFFICIAL", "reason": "Back to me."}""", "to")]
    [InlineData("pass-on", """{"actorId": "OFFICIAL", "to": "department:water"}""", "reason")]
    [InlineData("reopen", """{"reason": ""}""", "reason")]
    [InlineData("notes", """{"actorId": "OFFICIAL", "text": 7}""", "text")]
    [InlineData("notes", """{"actorId": "OFFICIAL", "text": "Hi", "urgent": true}""", "urgent")]
    [InlineData("notes", """{"actorId": "OFFICIAL", "text": "Hi""", "text")]
    [InlineData("notes", "", "body")]
    public async Task Action_with_a_bad_field_is_refused_naming_it(string action, string body, string field)
    {
        var cell = twin.TakeReportCell();
        string id = await twin.FileIdAsync(cell);

        await AssertRefusedAsync(id, action, body.Replace("OFFICIAL", cell.OfficialId, StringComparison.Ordinal), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Acknowledging_twice_is_a_409()
    {
        var cell = twin.TakeReportCell();
        string id = await twin.FileIdAsync(cell);
        await twin.AcknowledgeAsync(id, cell.OfficialId);

        await AssertRefusedAsync(id, "acknowledge", new { actorId = cell.OfficialId }, HttpStatusCode.Conflict, "status");
    }

    [Fact]
    public async Task Note_longer_than_4000_characters_is_refused_naming_text()
    {
        var cell = twin.TakeReportCell();
        string id = await twin.FileIdAsync(cell);

        await AssertRefusedAsync(id, "notes", new { actorId = cell.OfficialId, text = new string('n', 4001) }, HttpStatusCode.BadRequest, "text");
    }

    [Theory]
    [InlineData("261125-ABCDEF")]
    [InlineData("nonsense")]
    [InlineData("261125-abcdef")]
    [InlineData("261125-ABCDE0")]
    [InlineData("2611251ABCDEF")]
    public async Task Unknown_or_junk_report_id_is_a_404_for_reading_and_for_acting(string id)
    {
        using var read = await twin.Http.GetAsync(new Uri($"/api/reports/{id}", UriKind.Relative));
        var problem = await ProblemAssert.IsProblemAsync(read, HttpStatusCode.NotFound);
        Assert.Equal(id, problem.GetProperty("id").GetString());

        using var act = await twin.PostAsync($"/api/reports/{id}/acknowledge", new { actorId = "official:XH-G001" });
        await ProblemAssert.IsProblemAsync(act, HttpStatusCode.NotFound);
        using var rate = await twin.PostAsync($"/api/reports/{id}/rating", new { stars = 5 });
        await ProblemAssert.IsProblemAsync(rate, HttpStatusCode.NotFound);
    }

    private async Task<string> ResolvedReportAsync()
    {
        var cell = twin.TakeReportCell();
        string id = await twin.FileIdAsync(cell, citizenId: Reporter);
        await twin.ResolveAsync(id, cell.OfficialId);
        return id;
    }

    /// <summary>Posts the action and asserts the problem names the field and the report reads exactly as before.</summary>
    private async Task AssertRefusedAsync(string id, string action, object body, HttpStatusCode status, string field)
    {
        string before = await twin.TextAsync($"/api/reports/{id}");

        using var response = body is string json
            ? await twin.PostRawAsync($"/api/reports/{id}/{action}", json)
            : await twin.PostAsync($"/api/reports/{id}/{action}", body);

        var problem = await ProblemAssert.IsProblemAsync(response, status);
        ProblemAssert.AssertNamesFields(problem.GetProperty("errors"), field);
        Assert.Equal(before, await twin.TextAsync($"/api/reports/{id}"));
    }
}
