using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartCity.Grains.Quiz;
using SmartCity.Silo.Hosting;

namespace SmartCity.Api.Tests.Quiz;

/// <summary>
/// The daily quiz over HTTP on the shared twin, whose city clock stands at 2026-11-25 10:00 in Hangzhou:
/// today's question is the shipped quiz file's question of that day. Tests share that day, so each
/// compares results before and after its own answers, with citizen ids of its own.
/// </summary>
[Collection(SharedTwin.Name)]
public sealed class QuizEndpointTests(TwinFixture twin)
{
    private const string Today = "2026-11-25";

    private static readonly QuizQuestion Question =
        QuizBook.ReadFile(Path.Combine(AppContext.BaseDirectory, QuizLoader.DefaultPath)).QuestionFor(new DateOnly(2026, 11, 25))!;

    private static int Right => Question.CorrectOption;

    private static int Wrong => (Question.CorrectOption + 1) % Question.Options.Count;

    private static string NewCitizen() => $"citizen-{Guid.NewGuid():N}";

    private Task<HttpResponseMessage> AnswerAsync(string citizenId, string districtId, int choice) =>
        twin.Http.PostAsJsonAsync("/api/quiz/today/answers", new { citizenId, districtId, choice });

    private Task<HttpResponseMessage> PostRawAsync(string json) =>
        twin.Http.PostAsync(new Uri("/api/quiz/today/answers", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<string> ResultsTextAsync() => await twin.Http.GetStringAsync(new Uri("/api/quiz/today/results", UriKind.Relative));

    private static JsonElement Area(JsonElement results, string districtId) =>
        results.GetProperty("districts").EnumerateArray().Single(d => d.GetProperty("id").GetString() == districtId);

    private static (int Participants, int Correct) Counts(JsonElement area) =>
        (area.GetProperty("participants").GetInt32(), area.GetProperty("correctAnswers").GetInt32());

    [Fact]
    public async Task Todays_question_comes_in_english_and_chinese_without_its_answer()
    {
        using var response = await twin.Http.GetAsync(new Uri("/api/quiz/today", UriKind.Relative));
        string body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = JsonDocument.Parse(body).RootElement;
        Assert.Equal((Today, Question.Id), (view.GetProperty("date").GetString(), view.GetProperty("questionId").GetString()));
        Assert.Equal((Question.Text.En, Question.Text.Zh), (view.GetProperty("text").GetProperty("en").GetString(), view.GetProperty("text").GetProperty("zh").GetString()));
        Assert.Equal(Question.Options.Select(o => (o.En, o.Zh)),
            view.GetProperty("options").EnumerateArray().Select(o => (o.GetProperty("en").GetString()!, o.GetProperty("zh").GetString()!)));
        Assert.Equal(["date", "questionId", "text", "options"], view.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain(Question.Explanation.En, body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public async Task Lang_gives_the_question_in_that_language_only(string lang)
    {
        var view = await twin.GetAsync($"/api/quiz/today?lang={lang}");

        string other = lang == "zh" ? "en" : "zh";
        string expected = lang == "zh" ? Question.Text.Zh : Question.Text.En;
        Assert.Equal(expected, view.GetProperty("text").GetProperty(lang).GetString());
        Assert.False(view.GetProperty("text").TryGetProperty(other, out _));
        Assert.All(view.GetProperty("options").EnumerateArray(), o => Assert.Equal([lang], o.EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public async Task Language_other_than_en_or_zh_is_a_400_naming_lang()
    {
        using var response = await twin.Http.GetAsync(new Uri("/api/quiz/today?lang=fr", UriKind.Relative));

        await ProblemAssert.NamesFieldsAsync(response, "lang");
    }

    [Fact]
    public async Task Right_answer_is_recorded_as_correct_with_the_explanation_and_counted_in_its_district()
    {
        var before = JsonDocument.Parse(await ResultsTextAsync()).RootElement;

        using var response = await AnswerAsync(NewCitizen(), "district:XH", Right);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(receipt.GetProperty("correct").GetBoolean());
        Assert.Equal((Today, Question.Id, Right, Right), (receipt.GetProperty("date").GetString(), receipt.GetProperty("questionId").GetString(),
            receipt.GetProperty("choice").GetInt32(), receipt.GetProperty("correctOption").GetInt32()));
        Assert.Equal(Question.Explanation.Zh, receipt.GetProperty("explanation").GetProperty("zh").GetString());
        Assert.Equal(Question.Explanation.En, receipt.GetProperty("explanation").GetProperty("en").GetString());
        var after = JsonDocument.Parse(await ResultsTextAsync()).RootElement;
        var (participants, correct) = Counts(Area(before, "district:XH"));
        Assert.Equal((participants + 1, correct + 1), Counts(Area(after, "district:XH")));
        Assert.Equal(Counts(Area(before, "district:GS")), Counts(Area(after, "district:GS")));
        var (cityParticipants, cityCorrect) = Counts(before.GetProperty("city"));
        Assert.Equal((cityParticipants + 1, cityCorrect + 1), Counts(after.GetProperty("city")));
    }

    [Fact]
    public async Task Wrong_answer_is_recorded_as_not_correct_and_shows_the_correct_option()
    {
        var before = Counts(Area(JsonDocument.Parse(await ResultsTextAsync()).RootElement, "district:GS"));

        using var response = await AnswerAsync(NewCitizen(), "district:GS", Wrong);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((false, Wrong, Right), (receipt.GetProperty("correct").GetBoolean(), receipt.GetProperty("choice").GetInt32(), receipt.GetProperty("correctOption").GetInt32()));
        var after = Counts(Area(JsonDocument.Parse(await ResultsTextAsync()).RootElement, "district:GS"));
        Assert.Equal((before.Participants + 1, before.Correct), after);
    }

    [Fact]
    public async Task Second_answer_from_the_same_citizen_is_a_409_and_the_first_answer_stands()
    {
        string citizen = NewCitizen();
        using (var first = await AnswerAsync(citizen, "district:SC", Wrong)) Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        string before = await ResultsTextAsync();

        using var second = await AnswerAsync(citizen, "district:SC", Right);

        var problem = await ProblemAssert.IsProblemAsync(second, HttpStatusCode.Conflict);
        Assert.Contains(Today, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await ResultsTextAsync());
    }

    [Theory]
    [InlineData("""{"districtId": "district:XH", "choice": 0}""", "citizenId")]
    [InlineData("""{"citizenId": "", "districtId": "district:XH", "choice": 0}""", "citizenId")]
    [InlineData("""{"citizenId": "   ", "districtId": "district:XH", "choice": 0}""", "citizenId")]
    [InlineData("""{"citizenId": 42, "districtId": "district:XH", "choice": 0}""", "citizenId")]
    [InlineData("""{"citizenId": "CITIZEN", "choice": 0}""", "districtId")]
    [InlineData("""{"citizenId": "CITIZEN", "districtId": "district:ZZ", "choice": 0}""", "districtId")]
    [InlineData("""{"citizenId": "CITIZEN", "districtId": "grid:XH-0001", "choice": 0}""", "districtId")]
    [InlineData("""{"citizenId": "CITIZEN", "districtId": "district:XH"}""", "choice")]
    [InlineData("""{"citizenId": "CITIZEN", "districtId": "district:XH", "choice": -1}""", "choice")]
    [InlineData("""{"citizenId": "CITIZEN", "districtId": "district:XH", "choice": 1.5}""", "choice")]
    [InlineData("""{"citizenId": "CITIZEN", "districtId": "district:XH", "choice": "1"}""", "choice")]
    [InlineData("""[{"citizenId": "CITIZEN", "districtId": "district:XH", "choice": 0}]""", "body")]
    [InlineData("""{"citizenId": "CITIZEN", "districtId": """, "body")]
    public async Task Answer_with_a_bad_field_is_a_400_naming_it_and_records_nothing(string json, string field)
    {
        string citizen = NewCitizen();
        string before = await ResultsTextAsync();

        using var response = await PostRawAsync(json.Replace("CITIZEN", citizen, StringComparison.Ordinal));

        await ProblemAssert.NamesFieldsAsync(response, field);
        Assert.Equal(before, await ResultsTextAsync());
        using var later = await AnswerAsync(citizen, "district:XH", Right);
        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
    }

    [Fact]
    public async Task Choice_one_past_the_last_option_is_a_400_naming_choice()
    {
        string before = await ResultsTextAsync();

        using var response = await AnswerAsync(NewCitizen(), "district:XH", Question.Options.Count);

        var problem = await ProblemAssert.NamesFieldsAsync(response, "choice");
        Assert.Contains($"0 to {Question.Options.Count - 1}", problem.GetProperty("errors").GetProperty("choice")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await ResultsTextAsync());
    }

    [Fact]
    public async Task Citizen_id_longer_than_128_characters_is_a_400_naming_citizenId()
    {
        string before = await ResultsTextAsync();

        using var response = await AnswerAsync(new string('c', 129), "district:XH", Right);

        await ProblemAssert.NamesFieldsAsync(response, "citizenId");
        Assert.Equal(before, await ResultsTextAsync());
    }

    [Fact]
    public async Task Body_over_16_KiB_is_a_400_naming_body_and_records_nothing()
    {
        string before = await ResultsTextAsync();

        using var response = await AnswerAsync(new string('c', 20_000), "district:XH", Right);

        await ProblemAssert.NamesFieldsAsync(response, "body");
        Assert.Equal(before, await ResultsTextAsync());
    }

    [Fact]
    public async Task Every_bad_field_is_named_at_once()
    {
        using var response = await PostRawAsync("""{"citizenId": "", "districtId": "nowhere", "choice": "b"}""");

        await ProblemAssert.NamesFieldsAsync(response, "citizenId", "districtId", "choice");
    }

    [Fact]
    public async Task Results_never_show_citizen_ids()
    {
        string citizen = NewCitizen();
        using (var answer = await AnswerAsync(citizen, "district:YH", Right)) Assert.Equal(HttpStatusCode.Created, answer.StatusCode);

        string today = await ResultsTextAsync();
        string byDate = await twin.Http.GetStringAsync(new Uri($"/api/quiz/{Today}/results", UriKind.Relative));

        Assert.DoesNotContain(citizen, today, StringComparison.Ordinal);
        Assert.DoesNotContain("citizen", byDate, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(today, byDate);
    }

    [Fact]
    public async Task Results_of_a_past_day_list_every_district_with_its_residents_and_no_participants()
    {
        var results = await twin.GetAsync("/api/quiz/2026-11-24/results");

        Assert.Equal("2026-11-24", results.GetProperty("date").GetString());
        var districts = results.GetProperty("districts").EnumerateArray().ToArray();
        Assert.Equal(twin.City.Definition.Districts.Select(d => d.Id), districts.Select(d => d.GetProperty("id").GetString()));
        Assert.All(districts, d =>
        {
            int residents = twin.City.Definition.GridCells.Where(c => c.DistrictId == d.GetProperty("id").GetString()).Sum(c => c.Residents);
            Assert.Equal(residents, d.GetProperty("residents").GetInt32());
            Assert.Equal((0, 0), Counts(d));
            Assert.Equal(JsonValueKind.Null, d.GetProperty("shareCorrect").ValueKind);
        });
        Assert.Equal(twin.City.Definition.GridCells.Sum(c => c.Residents), results.GetProperty("city").GetProperty("residents").GetInt32());
    }

    [Fact]
    public async Task Results_give_share_correct_and_participation_per_10000_residents()
    {
        // Only this test answers in Xiaoshan, so its counts move by these two answers alone.
        var before = Counts(Area(JsonDocument.Parse(await ResultsTextAsync()).RootElement, "district:XS"));
        using (var a = await AnswerAsync(NewCitizen(), "district:XS", Right)) Assert.Equal(HttpStatusCode.Created, a.StatusCode);
        using (var b = await AnswerAsync(NewCitizen(), "district:XS", Wrong)) Assert.Equal(HttpStatusCode.Created, b.StatusCode);

        var xiaoshan = Area(JsonDocument.Parse(await ResultsTextAsync()).RootElement, "district:XS");

        var (participants, correct) = (before.Participants + 2, before.Correct + 1);
        int residents = xiaoshan.GetProperty("residents").GetInt32();
        Assert.Equal((participants, correct), Counts(xiaoshan));
        Assert.Equal(Math.Round((double)correct / participants, 4), xiaoshan.GetProperty("shareCorrect").GetDouble());
        Assert.Equal(Math.Round(participants * 10_000.0 / residents, 2), xiaoshan.GetProperty("participantsPer10000Residents").GetDouble());
    }

    [Theory]
    [InlineData("2026-13-01")]
    [InlineData("2026-02-30")]
    [InlineData("25-11-2026")]
    [InlineData("2026-11-5")]
    [InlineData("yesterday")]
    public async Task Results_for_a_malformed_date_are_a_400_naming_date(string date)
    {
        using var response = await twin.Http.GetAsync(new Uri($"/api/quiz/{date}/results", UriKind.Relative));

        await ProblemAssert.NamesFieldsAsync(response, "date");
    }

    [Fact]
    public async Task Results_for_a_day_still_to_come_are_a_404()
    {
        using var response = await twin.Http.GetAsync(new Uri("/api/quiz/2026-11-26/results", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }
}
