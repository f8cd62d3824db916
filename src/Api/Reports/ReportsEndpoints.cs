using SmartCity.Api.Security;
using SmartCity.Grains;
using SmartCity.Grains.City;
using SmartCity.Grains.Geo;
using SmartCity.Grains.Reports;

namespace SmartCity.Api.Reports;

/// <summary>
/// Citizen reports ("I Report"): citizens file, follow, rate and reopen them; officials acknowledge,
/// note, resolve and pass them on. Every answer that changes a report comes after it is in storage.
/// </summary>
public static class ReportsEndpoints
{
    private const int MaxReasonLength = 1000;

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports").WithTags("Reports");
        reports.MapPost("/", SubmitReport).ForRoles(Roles.Citizen, Roles.Official, Roles.Operator)
            .WithSummary("A citizen files a report at a place; it is stored and routed to the grid's official before the id comes back")
            .Accepts<SubmitReportRequest>("application/json")
            .Produces<ReportView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesValidationProblem(StatusCodes.Status413PayloadTooLarge);
        reports.MapGet("/", ListReports).Public()
            .WithSummary("Reports, newest first, public fields only (district, grid, category, status=open|closed, limit)")
            .Produces<ReportListItem[]>().ProducesValidationProblem();
        reports.MapGet("/categories", (ReportCatalog catalog) => Results.Ok(catalog.Categories)).Public()
            .WithSummary("What can be reported, with the time to acknowledge and to resolve each")
            .Produces<ReportCategory[]>();
        reports.MapGet("/{id}", GetReport).Public()
            .WithSummary("A report: status, deadlines and every event; who filed it and their contact only for them, its officials and admin")
            .Produces<ReportView>().ProducesProblem(StatusCodes.Status404NotFound);
        reports.MapPost("/{id}/acknowledge", Acknowledge).ForRoles(Roles.Official)
            .WithSummary("The official who holds the report acknowledges it")
            .Accepts<OfficialTextRequest>("application/json")
            .Produces<ReportView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        reports.MapPost("/{id}/notes", AddNote).ForRoles(Roles.Official)
            .WithSummary("An official adds a note")
            .Accepts<OfficialTextRequest>("application/json")
            .Produces<ReportView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        reports.MapPost("/{id}/resolve", Resolve).ForRoles(Roles.Official)
            .WithSummary("The holder resolves the report")
            .Accepts<ResolveRequest>("application/json")
            .Produces<ReportView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        reports.MapPost("/{id}/pass-on", PassOn).ForRoles(Roles.Official)
            .WithSummary("The holder passes the report on to a department or another official")
            .Accepts<PassOnRequest>("application/json")
            .Produces<ReportView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        reports.MapPost("/{id}/rating", Rate).ForRoles(Roles.Citizen)
            .WithSummary("The citizen rates the answer to a resolved report")
            .Accepts<RatingRequest>("application/json")
            .Produces<ReportView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        reports.MapPost("/{id}/reopen", Reopen).ForRoles(Roles.Citizen)
            .WithSummary("The citizen reopens a resolved report within the reopen window")
            .Accepts<ReopenRequest>("application/json")
            .Produces<ReportView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<IResult> SubmitReport(
        HttpContext http, ReportIntake intake, CityMap city, ReportCatalog catalog, CityClock clock)
    {
        var (request, problem) = await JsonBody.ReadAsync<SubmitReportRequest>(http);
        if (problem is not null) return problem;
        var (citizenId, notYou) = http.User.ActingFor(request!.CitizenId, Roles.Official, Roles.Operator);
        if (notYou is not null) return ApiProblems.Forbidden("citizenId", notYou);
        var location = request.Location is { Lat: { } lat, Lon: { } lon } ? new GeoPoint(lat, lon) : new GeoPoint(double.NaN, double.NaN);
        var report = new NewReport(
            request.Category ?? "", request.Description!, location, request.PhotoUrl, request.Contact, citizenId,
            request.Attributes, request.Address);
        var errors = NewReportValidator.Validate(report, city, catalog);
        if (request.Location is not { Lat: not null, Lon: not null }) errors["location"] = ["'location' is required: {\"lat\": ..., \"lon\": ...}."];
        if (errors.Count > 0) return ApiProblems.BadRequest(errors, "The report was not filed.");

        var outcome = await intake.SubmitAsync(report);
        if (outcome.Refusal is { } refusal) return ApiProblems.FromRefusal(refusal, "");
        var view = ReportView.Of(outcome.Report!, catalog, clock.Now, http.User);
        return Results.Created($"/api/reports/{view.Id}", view);
    }

    public static async Task<IResult> GetReport(string id, HttpContext http, IGrainFactory grains, ReportCatalog catalog, CityClock clock)
    {
        var details = await ReportIntake.FindAsync(grains, id);
        return details is null
            ? ApiProblems.NotFound("report", id)
            : Results.Ok(ReportView.Of(details, catalog, clock.Now, http.User));
    }

    /// <summary>GET /api/reports?district=&amp;grid=&amp;category=&amp;status=open|closed&amp;limit=: newest first, public fields only.</summary>
    public static async Task<IResult> ListReports(HttpContext http, ReportLedgers ledgers, CityMap city, ReportCatalog catalog, CityClock clock)
    {
        var query = new QueryParameters(http.Request.Query);
        var filter = new ReportFilter(
            query.WholeNumber("limit", 100, 1, 1000),
            Category: query.Choice("category", catalog.Categories.Select(c => c.Code)),
            GridCellId: query.Known("grid", id => city.GridCell(id) is not null, "grid cell"),
            Open: query.Choice("status", ["open", "closed"]) switch { "open" => true, "closed" => false, _ => null });
        string? districtId = query.Known("district", id => city.District(id) is not null, "district");
        if (query.HasErrors) return ApiProblems.BadRequest(query.Errors);
        var now = clock.Now;
        var reports = await ledgers.FindAsync(filter, districtId);
        return Results.Ok(reports.Select(r => ReportListItem.Of(r, now)));
    }

    public static async Task<IResult> Acknowledge(string id, HttpContext http, IGrainFactory grains, ReportCatalog catalog, CityClock clock)
    {
        var (request, problem) = await JsonBody.ReadAsync<OfficialTextRequest>(http);
        if (problem is not null) return problem;
        var (actorId, notYou) = http.User.ActingFor(request!.ActorId);
        if (notYou is not null) return ApiProblems.Forbidden("actorId", notYou);
        var errors = ActorErrors(actorId);
        NewReportValidator.CheckText(errors, "text", request.Text, NewReportValidator.MaxTextLength, required: false);
        return await ActAsync(id, http, errors, grains, catalog, clock, report => report.AcknowledgeAsync(actorId!, request.Text));
    }

    public static async Task<IResult> AddNote(string id, HttpContext http, IGrainFactory grains, ReportCatalog catalog, CityClock clock)
    {
        var (request, problem) = await JsonBody.ReadAsync<OfficialTextRequest>(http);
        if (problem is not null) return problem;
        var (actorId, notYou) = http.User.ActingFor(request!.ActorId);
        if (notYou is not null) return ApiProblems.Forbidden("actorId", notYou);
        var errors = ActorErrors(actorId);
        NewReportValidator.CheckText(errors, "text", request.Text, NewReportValidator.MaxTextLength, required: true);
        return await ActAsync(id, http, errors, grains, catalog, clock, report => report.AddNoteAsync(actorId!, request.Text!));
    }

    public static async Task<IResult> Resolve(string id, HttpContext http, IGrainFactory grains, ReportCatalog catalog, CityClock clock)
    {
        var (request, problem) = await JsonBody.ReadAsync<ResolveRequest>(http);
        if (problem is not null) return problem;
        var (actorId, notYou) = http.User.ActingFor(request!.ActorId);
        if (notYou is not null) return ApiProblems.Forbidden("actorId", notYou);
        var errors = ActorErrors(actorId);
        NewReportValidator.CheckText(errors, "resolution", request.Resolution, NewReportValidator.MaxTextLength, required: true);
        return await ActAsync(id, http, errors, grains, catalog, clock, report => report.ResolveAsync(actorId!, request.Resolution!));
    }

    public static async Task<IResult> PassOn(string id, HttpContext http, IGrainFactory grains, ReportCatalog catalog, CityClock clock)
    {
        var (request, problem) = await JsonBody.ReadAsync<PassOnRequest>(http);
        if (problem is not null) return problem;
        var (actorId, notYou) = http.User.ActingFor(request!.ActorId);
        if (notYou is not null) return ApiProblems.Forbidden("actorId", notYou);
        var errors = ActorErrors(actorId);
        NewReportValidator.CheckText(errors, "to", request.To, NewReportValidator.MaxShortTextLength, required: true);
        NewReportValidator.CheckText(errors, "reason", request.Reason, MaxReasonLength, required: true);
        return await ActAsync(id, http, errors, grains, catalog, clock, report => report.PassOnAsync(actorId!, request.To!, request.Reason!));
    }

    public static async Task<IResult> Rate(string id, HttpContext http, IGrainFactory grains, ReportCatalog catalog, CityClock clock)
    {
        var (request, problem) = await JsonBody.ReadAsync<RatingRequest>(http);
        if (problem is not null) return problem;
        var errors = new Dictionary<string, string[]>();
        if (request!.Stars is not (>= 1 and <= 5)) errors["stars"] = ["'stars' must be a whole number from 1 to 5."];
        NewReportValidator.CheckText(errors, "comment", request.Comment, MaxReasonLength, required: false);
        var (citizenId, notYou) = http.User.ActingFor(request.CitizenId);
        if (notYou is not null) return ApiProblems.Forbidden("citizenId", notYou);
        return await ActAsync(id, http, errors, grains, catalog, clock, report => report.RateAsync(citizenId, request.Stars!.Value, request.Comment));
    }

    public static async Task<IResult> Reopen(string id, HttpContext http, IGrainFactory grains, ReportCatalog catalog, CityClock clock)
    {
        var (request, problem) = await JsonBody.ReadAsync<ReopenRequest>(http);
        if (problem is not null) return problem;
        var errors = new Dictionary<string, string[]>();
        NewReportValidator.CheckText(errors, "reason", request!.Reason, MaxReasonLength, required: true);
        var (citizenId, notYou) = http.User.ActingFor(request.CitizenId);
        if (notYou is not null) return ApiProblems.Forbidden("citizenId", notYou);
        return await ActAsync(id, http, errors, grains, catalog, clock, report => report.ReopenAsync(citizenId, request.Reason!));
    }

    /// <summary>
    /// An admin names the official they act for; a signed-in official acts as themselves (see
    /// <see cref="Caller.ActingFor"/>). The report grain then checks that the actor holds the report:
    /// an official acts only on reports of their grids or passed to them.
    /// </summary>
    private static Dictionary<string, string[]> ActorErrors(string? actorId)
    {
        var errors = new Dictionary<string, string[]>();
        NewReportValidator.CheckText(errors, "actorId", actorId, NewReportValidator.MaxShortTextLength, required: true);
        return errors;
    }

    private static async Task<IResult> ActAsync(
        string id, HttpContext http, Dictionary<string, string[]> errors, IGrainFactory grains, ReportCatalog catalog, CityClock clock,
        Func<IReportGrain, Task<ReportOutcome>> action)
    {
        if (errors.Count > 0) return ApiProblems.BadRequest(errors, "Nothing was changed.");
        if (!ReportIntake.IsReportId(id)) return ApiProblems.NotFound("report", id);
        var outcome = await action(ReportIntake.Report(grains, id));
        return outcome.Refusal is { } refusal
            ? ApiProblems.FromRefusal(refusal, id)
            : Results.Ok(ReportView.Of(outcome.Report!, catalog, clock.Now, http.User));
    }
}
