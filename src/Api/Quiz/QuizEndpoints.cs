using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using SmartCity.Api.Security;
using SmartCity.Grains;
using SmartCity.Grains.City;
using SmartCity.Grains.Quiz;

namespace SmartCity.Api.Quiz;

/// <summary>
/// The daily quiz: today's question (never its answer), a citizen's one answer a day, and each day's
/// participation and share correct per district. "Today" is the city's local date.
/// </summary>
public static class QuizEndpoints
{
    /// <summary>An answer is three short fields; anything bigger is a mistake or an attack.</summary>
    public const long MaxBodyBytes = 16 * 1024;

    private const string DateFormat = "yyyy-MM-dd";

    public static IEndpointRouteBuilder MapQuizApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/quiz").WithTags("Quiz");
        api.MapGet("/today", GetTodaysQuestion).Public()
            .WithSummary("Today's question and options (lang=en or zh for one language), never the answer")
            .Produces<QuizQuestionView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/today/answers", PostAnswer).ForRoles(Roles.Citizen)
            .WithSummary("A citizen's one answer to today's question: whether it was right, and why")
            .Accepts<QuizAnswerRequest>("application/json")
            .Produces<QuizAnswerView>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/today/results", GetTodaysResults).Public()
            .WithSummary("Today's participation and share correct, per district and for the city")
            .Produces<QuizResultsView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{date}/results", GetResults).Public()
            .WithSummary("A past day's results (date yyyy-MM-dd)")
            .Produces<QuizResultsView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>Today's question and options; ?lang=en or ?lang=zh gives one language, otherwise both.</summary>
    public static IResult GetTodaysQuestion(HttpContext http, QuizBook book, CityMap city, CityClock clock)
    {
        var query = new QueryParameters(http.Request.Query);
        var language = query.Enum<QuizLanguage>("lang");
        if (query.HasErrors) return ApiProblems.BadRequest(query.Errors);

        var today = Today(city, clock);
        if (book.QuestionFor(today) is not { } question) return NoQuestion(today);
        return Results.Ok(new QuizQuestionView(
            today, question.Id, QuizTextView.Of(question.Text, language), [.. question.Options.Select(o => QuizTextView.Of(o, language))]));
    }

    /// <summary>
    /// Records a citizen's answer to today's question: 201 with whether it was right and why, 409 if
    /// the citizen already answered today (the first answer stands), 400 naming every bad field.
    /// </summary>
    public static async Task<IResult> PostAnswer(HttpContext http, IGrainFactory grains, QuizBook book, CityMap city, CityClock clock)
    {
        var today = Today(city, clock);
        if (book.QuestionFor(today) is not { } question) return NoQuestion(today);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit) sizeLimit.MaxRequestBodySize = MaxBodyBytes;

        QuizAnswer? answer;
        var errors = new Dictionary<string, string[]>();
        try
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body, new JsonDocumentOptions { MaxDepth = 8 }, http.RequestAborted);
            if (UnicodeJson.FirstInvalidText(body.RootElement) is { } invalid)
            {
                return ApiProblems.BadRequest(invalid, "Not valid Unicode text: invalid UTF-8 or a lone surrogate escape.");
            }
            answer = QuizAnswerReader.Read(body.RootElement, question, city, errors);
        }
        catch (JsonException error)
        {
            return ApiProblems.BadRequest("body", $"The body is not valid JSON (line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1}).");
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiProblems.BadRequest("body", $"An answer is at most {MaxBodyBytes / 1024} KiB.");
        }
        if (answer is null) return ApiProblems.BadRequest(errors, "The answer was not recorded.");
        // A citizen answers for themselves: one answer per person is the quiz's rule.
        if (http.User.ActingFor(answer.CitizenId).Refusal is { } notYou) return ApiProblems.Forbidden("citizenId", notYou);

        var receipt = await grains.GetGrain<IQuizDayGrain>(QuizDayKey.Of(today)).AnswerAsync(answer);
        if (receipt.Status == QuizAnswerStatus.AlreadyAnswered)
        {
            return ApiProblems.Conflict("citizenId", $"This citizen has already answered the question of {Text(today)}; the first answer stands.");
        }
        return Results.Created((string?)null, new QuizAnswerView(
            today, question.Id, answer.Choice, receipt.Correct == true, question.CorrectOption, QuizTextView.Of(question.Explanation, null)));
    }

    public static Task<IResult> GetTodaysResults(IGrainFactory grains, QuizBook book, CityMap city, CityClock clock) =>
        ResultsOf(Today(city, clock), grains, book, city, clock);

    /// <summary>A day's results (date yyyy-MM-dd); 404 for a day without a question, or one still to come.</summary>
    public static Task<IResult> GetResults(string date, IGrainFactory grains, QuizBook book, CityMap city, CityClock clock) =>
        DateOnly.TryParseExact(date, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? ResultsOf(day, grains, book, city, clock)
            : Task.FromResult(ApiProblems.BadRequest("date", $"'date' is a day written yyyy-MM-dd, e.g. 2026-11-25, or 'today'; got '{Clip(date)}'."));

    private static async Task<IResult> ResultsOf(DateOnly day, IGrainFactory grains, QuizBook book, CityMap city, CityClock clock)
    {
        // A day still to come has no question yet: its results would give away which one it will be.
        if (day > Today(city, clock) || book.QuestionFor(day) is not { } question) return NoQuestion(day);
        var results = await grains.GetGrain<IQuizDayGrain>(QuizDayKey.Of(day)).GetResultsAsync();
        return Results.Ok(new QuizResultsView(day, question.Id, QuizTextView.Of(question.Text, null), results.City, results.Districts));
    }

    private static DateOnly Today(CityMap city, CityClock clock) => DateOnly.FromDateTime(city.LocalTime(clock.Now));

    private static IResult NoQuestion(DateOnly day) => ApiProblems.NotFound("quiz question for the day", Text(day));

    private static string Text(DateOnly day) => day.ToString(DateFormat, CultureInfo.InvariantCulture);

    internal static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

/// <summary>The languages the quiz is written in.</summary>
public enum QuizLanguage
{
    En,
    Zh,
}
