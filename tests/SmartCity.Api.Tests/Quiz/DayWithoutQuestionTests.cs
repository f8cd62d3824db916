using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SmartCity.Api.Tests.Quiz;

/// <summary>Days without a question, on a twin whose quiz has only a dated question.</summary>
public sealed class DayWithoutQuestionTests(DatedQuizTwin twin) : IClassFixture<DatedQuizTwin>
{
    [Theory]
    [InlineData("GET", "/api/quiz/today")]
    [InlineData("POST", "/api/quiz/today/answers")]
    [InlineData("GET", "/api/quiz/today/results")]
    [InlineData("GET", "/api/quiz/2026-11-23/results")]
    public async Task Day_without_a_question_is_a_404(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (method == "POST") request.Content = JsonContent.Create(new { citizenId = "c-1", districtId = "district:XH", choice = 1 });

        using var response = await twin.Http.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Dated_day_has_results_for_its_question()
    {
        var results = await twin.Http.GetFromJsonAsync<JsonElement>($"/api/quiz/{DatedQuizTwin.QuestionDay}/results");

        Assert.Equal(("only-question", 0), (results.GetProperty("questionId").GetString(), results.GetProperty("city").GetProperty("participants").GetInt32()));
    }
}
