using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;
using SmartCity.Api.Security;
using SmartCity.Grains;
using SmartCity.Grains.City;
using SmartCity.Grains.Planning;

namespace SmartCity.Api.Planning;

/// <summary>
/// Planning scenarios run in the cluster: a client posts a scenario, polls its progress, may cancel it and fetches
/// the projection. Runs are held in memory by their grains: a silo restart loses them (see docs/planning-model.md).
/// </summary>
public static partial class ScenariosEndpoints
{
    /// <summary>A scenario file is small, but with per-cell overrides for a big city it can pass the usual 64 KiB.</summary>
    public const long MaxScenarioBytes = 1024 * 1024;

    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static IEndpointRouteBuilder MapScenariosApi(this IEndpointRouteBuilder app)
    {
        var scenarios = app.MapGroup("/api/scenarios").WithTags("Planning");
        scenarios.MapPost("/", StartScenario).ForRoles(Roles.Planner)
            .WithSummary("Validates a planning scenario (JSON as in docs/planning-model.md) and starts its Monte Carlo in the cluster")
            .Accepts<Scenario>("application/json")
            .Produces<ScenarioRunProgress>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem().ProducesValidationProblem(StatusCodes.Status413PayloadTooLarge);
        scenarios.MapGet("/{id}", GetProgress).ForRoles(Roles.Planner, Roles.Operator)
            .WithSummary("A scenario run's status (running, done, cancelled, failed) and how many of its runs are done")
            .Produces<ScenarioRunProgress>().ProducesProblem(StatusCodes.Status404NotFound);
        scenarios.MapPost("/{id}/cancel", Cancel).ForRoles(Roles.Planner)
            .WithSummary("Stops a running scenario run; a finished one is left as it is")
            .Produces<ScenarioRunProgress>().ProducesProblem(StatusCodes.Status404NotFound);
        scenarios.MapGet("/{id}/results", GetResults).ForRoles(Roles.Planner, Roles.Operator)
            .WithSummary("The projection of a finished run: city totals and every cell's people, demands and gaps per year as P10/P50/P90")
            .Produces<PlanningResult>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        scenarios.MapGet("/{id}/summary", GetSummary).ForRoles(Roles.Planner, Roles.Operator)
            .WithSummary("A finished run's projection as the web console draws it: the city per year (P10/P50/P90) and each cell's gap-opening years per need")
            .Produces<ScenarioSummary>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/api/planning/examples", () => Results.Ok(ScenarioExamples.All)).ForRoles(Roles.Planner, Roles.Operator).WithTags("Planning")
            .WithSummary("The example scenarios the project ships (examples/scenarios) that the HTTP API can run, as their files read")
            .Produces<IReadOnlyList<ScenarioExample>>();
        app.MapGet("/api/planning/snapshot", GetSnapshot).ForRoles(Roles.Planner, Roles.Operator).WithTags("Planning")
            .WithSummary("The twin as the planning model sees it now: per grid cell its people, housing and the capacities in service")
            .Produces<PlanningSnapshot>();
        return app;
    }

    /// <summary>Reads the live grains now; the same JSON is what `scenario run --from-twin` plans from.</summary>
    public static async Task<IResult> GetSnapshot(IGrainFactory grains, PlanningCity planningCity, CityMap city, CityClock clock)
    {
        var snapshot = await LivePlanningSnapshot.TakeAsync(grains, city, planningCity, clock);
        return Results.Text(snapshot.Write(), "application/json", Encoding.UTF8);
    }

    public static async Task<IResult> StartScenario(HttpContext http, IGrainFactory grains, PlanningCity planningCity, CityMap city, CityClock clock)
    {
        var (body, tooLarge) = await ReadBodyAsync(http);
        if (tooLarge is not null) return tooLarge;
        var (json, start, startError) = TakeStart(body!);
        var parsed = ScenarioFile.Parse(json);
        int currentYear = TimeZoneInfo.ConvertTime(clock.Now, city.TimeZone).Year;
        var errors = parsed.Scenario is { } scenario ? ScenarioValidator.Validate(scenario, planningCity, currentYear) : parsed.Errors;
        if (startError is not null) errors = [startError, .. errors];
        if (errors.Count > 0)
        {
            return ApiProblems.BadRequest(
                errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal),
                "The scenario was not started.");
        }

        string id = "scn-" + RandomNumberGenerator.GetString(IdAlphabet, 12);
        var run = grains.GetGrain<IScenarioRunGrain>(id);
        // The run gets the scenario with its years fixed now (start year, lever offsets), so every batch, on any silo
        // and on any later day, runs the same calendar years.
        string resolved = ScenarioFile.Write(ScenarioYears.Resolve(parsed.Scenario!, currentYear));
        if (start == PlanningSnapshot.Live)
        {
            // Taken here, once: the run and all its batches plan on this one snapshot, whatever the twin does meanwhile.
            var snapshot = await LivePlanningSnapshot.TakeAsync(grains, city, planningCity, clock);
            await run.StartFromAsync(resolved, snapshot.Write());
        }
        else
        {
            await run.StartAsync(resolved);
        }
        return Results.Accepted($"/api/scenarios/{id}", await run.GetProgressAsync());
    }

    /// <summary>
    /// Takes the request's "start" ("live", the default, or "city") out of the body, which is otherwise a scenario file;
    /// a body that is not a JSON object is left for the scenario reader to explain.
    /// </summary>
    public static (string ScenarioJson, string Start, ScenarioError? Error) TakeStart(string body)
    {
        JsonObject? request;
        try
        {
            request = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }) as JsonObject;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            // Broken JSON or a repeated key: the scenario reader names the problem and its field.
            return (body, PlanningSnapshot.Live, null);
        }
        if (request is null || !request.ContainsKey("start")) return (body, PlanningSnapshot.Live, null);
        var value = request["start"];
        request.Remove("start");
        string json = request.ToJsonString();
        return value is JsonValue v && v.TryGetValue(out string? start) && start is PlanningSnapshot.Live or PlanningSnapshot.FromCityFile
            ? (json, start!, null)
            : (json, PlanningSnapshot.Live, new ScenarioError("start", $"must be \"{PlanningSnapshot.Live}\" (the twin now) or \"{PlanningSnapshot.FromCityFile}\" (the city file)."));
    }

    public static async Task<IResult> GetProgress(string id, IGrainFactory grains) =>
        await ProgressOfAsync(id, grains) is { } progress ? Results.Ok(progress) : ApiProblems.NotFound("scenario run", id);

    public static async Task<IResult> Cancel(string id, IGrainFactory grains)
    {
        if (!IsRunId(id)) return ApiProblems.NotFound("scenario run", id);
        var progress = await grains.GetGrain<IScenarioRunGrain>(id).CancelAsync();
        return progress.Status == ScenarioRunStatus.NotStarted ? ApiProblems.NotFound("scenario run", id) : Results.Ok(progress);
    }

    public static async Task<IResult> GetResults(string id, IGrainFactory grains)
    {
        var (json, problem) = await ResultJsonAsync(id, grains);
        return problem ?? Results.Text(json!, "application/json", Encoding.UTF8);
    }

    public static async Task<IResult> GetSummary(string id, IGrainFactory grains)
    {
        var (json, problem) = await ResultJsonAsync(id, grains);
        return problem ?? Results.Json(ScenarioSummary.Of(PlanningJson.Read(json!)), PlanningJson.Options);
    }

    /// <summary>A done run's result JSON, or the problem: 404 for no such run, 409 while it runs or when it ended without results.</summary>
    private static async Task<(string? Json, IResult? Problem)> ResultJsonAsync(string id, IGrainFactory grains)
    {
        if (await ProgressOfAsync(id, grains) is not { } progress) return (null, ApiProblems.NotFound("scenario run", id));
        if (progress.Status != ScenarioRunStatus.Done)
        {
            return (null, ApiProblems.Conflict("status", progress.Status == ScenarioRunStatus.Running
                ? $"The run is not done yet: {progress.RunsDone} of {progress.RunsTotal} runs."
                : $"The run ended {JsonNames.CamelCase(progress.Status.ToString())} and has no results."));
        }
        string? json = await grains.GetGrain<IScenarioRunGrain>(id).GetResultJsonAsync();
        return json is null ? (null, ApiProblems.NotFound("scenario run", id)) : (json, null);
    }

    /// <summary>The run's progress, or null for an id no run has: one not shaped like a run id never reaches a grain.</summary>
    private static async Task<ScenarioRunProgress?> ProgressOfAsync(string id, IGrainFactory grains)
    {
        if (!IsRunId(id)) return null;
        var progress = await grains.GetGrain<IScenarioRunGrain>(id).GetProgressAsync();
        return progress.Status == ScenarioRunStatus.NotStarted ? null : progress;
    }

    private static bool IsRunId(string id) => RunId().IsMatch(id);

    [GeneratedRegex("^scn-[a-z0-9]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex RunId();

    private static async Task<(string? Json, IResult? TooLarge)> ReadBodyAsync(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit) sizeLimit.MaxRequestBodySize = MaxScenarioBytes;
        try
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            return (await reader.ReadToEndAsync(http.RequestAborted), null);
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Results.ValidationProblem(
                new Dictionary<string, string[]> { ["body"] = [$"The scenario is larger than {MaxScenarioBytes / 1024} KiB."] },
                title: "The request body is too large.",
                statusCode: StatusCodes.Status413PayloadTooLarge));
        }
    }
}
