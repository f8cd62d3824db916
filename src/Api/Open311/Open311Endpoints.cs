using SmartCity.Api.Reports;
using SmartCity.Api.Security;
using SmartCity.Grains;
using SmartCity.Grains.City;
using SmartCity.Grains.Reports;

namespace SmartCity.Api.Open311;

/// <summary>
/// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the citizen reports, so that
/// existing Open311 clients list the services, file requests and follow them unchanged. The city is
/// one jurisdiction: jurisdiction_id is ignored, as "Definitions" allows.
/// </summary>
public static class Open311Endpoints
{
    public const string BasePath = "/open311/v2";

    public static IEndpointRouteBuilder MapOpen311Api(this IEndpointRouteBuilder app)
    {
        // "Format Support": the client picks the format by the resource's ending, e.g. services.xml.
        var open311 = app.MapGroup(BasePath).WithTags("Open311");
        open311.MapGet("/services.{format}", ListServices).Public()
            .WithSummary("GET Service List: every report category as a service (format json or xml)")
            .Produces<Open311Service[]>(StatusCodes.Status200OK, "application/json", "application/xml")
            .Produces<Open311Error[]>(StatusCodes.Status404NotFound, "application/json", "application/xml");
        open311.MapGet("/services/{code}.{format}", GetServiceDefinition).Public()
            .WithSummary("GET Service Definition: the attributes a service asks for")
            .Produces<Open311ServiceDefinition>(StatusCodes.Status200OK, "application/json", "application/xml")
            .Produces<Open311Error[]>(StatusCodes.Status404NotFound, "application/json", "application/xml");
        open311.MapPost("/requests.{format}", PostRequest).ForRoles(Roles.Citizen, Roles.Official, Roles.Operator)
            .WithMetadata(new Open311Refusal())
            .WithSummary("POST Service Request: files a citizen report; answers a list of one receipt")
            .WithDescription("Form fields (application/x-www-form-urlencoded or multipart/form-data): service_code, lat, long, description, "
                + "address_string, email, first_name, last_name, phone, media_url, account_id, attribute[code]=value, and api_key: a key or token of this twin with the citizen, official or operator role.")
            .Produces<Open311Receipt[]>(StatusCodes.Status200OK, "application/json", "application/xml")
            .Produces<Open311Error[]>(StatusCodes.Status400BadRequest, "application/json", "application/xml")
            .Produces<Open311Error[]>(StatusCodes.Status403Forbidden, "application/json", "application/xml")
            .Produces<Open311Error[]>(StatusCodes.Status404NotFound, "application/json", "application/xml");
        open311.MapGet("/requests.{format}", ListRequests).Public()
            .WithSummary("GET Service Requests: newest first, at most 90 days and 1000 requests (service_request_id, service_code, start_date, end_date, status)")
            .Produces<Open311Request[]>(StatusCodes.Status200OK, "application/json", "application/xml")
            .Produces<Open311Error[]>(StatusCodes.Status400BadRequest, "application/json", "application/xml")
            .Produces<Open311Error[]>(StatusCodes.Status404NotFound, "application/json", "application/xml");
        open311.MapGet("/requests/{id}.{format}", GetRequest).Public()
            .WithSummary("GET Service Request: a list of the one request")
            .Produces<Open311Request[]>(StatusCodes.Status200OK, "application/json", "application/xml")
            .Produces<Open311Error[]>(StatusCodes.Status404NotFound, "application/json", "application/xml");
        return app;
    }

    /// <summary>"GET Service List": every report category, as a service type.</summary>
    public static IResult ListServices(string format, ReportCatalog catalog) =>
        Open311Answer.TryParseFormat(format, out var answerIn)
            ? Open311Answer.List(answerIn, [.. catalog.Categories.Select(Open311Service.Of)], "services", "service")
            : Open311Answer.UnknownFormat(format);

    /// <summary>"GET Service Definition": the attributes a service asks for; 404 for a code that names none.</summary>
    public static IResult GetServiceDefinition(string code, string format, ReportCatalog catalog)
    {
        if (!Open311Answer.TryParseFormat(format, out var answerIn)) return Open311Answer.UnknownFormat(format);
        return catalog.Category(code) is { } category
            ? Open311Answer.Item(answerIn, Open311ServiceDefinition.Of(category), "service_definition")
            : Open311Answer.Error(answerIn, StatusCodes.Status404NotFound, "service_code",
                $"'{Open311Answer.Clip(code)}' is not a service of this city; services.json lists them.");
    }

    /// <summary>
    /// "POST Service Request": checked as /api/reports checks a report, then filed through the same
    /// intake. Nothing is filed unless every field is right.
    /// </summary>
    public static async Task<IResult> PostRequest(
        string format, HttpContext http, ReportIntake intake, CityMap city, ReportCatalog catalog)
    {
        if (!Open311Answer.TryParseFormat(format, out var answerIn)) return Open311Answer.UnknownFormat(format);
        var (form, problem) = await Open311Form.ReadAsync(http.Request);
        if (form is null) return Open311Answer.Error(answerIn, StatusCodes.Status400BadRequest, "body", problem!);
        var errors = new Dictionary<string, string[]>();
        var report = Open311Form.ToReport(form, catalog, errors);
        // api_key is this twin's API key or token (CredentialsHandler): a citizen's files under their own account.
        var (accountId, notYou) = http.User.ActingFor(report.CitizenId, Roles.Official, Roles.Operator);
        if (notYou is not null) return Open311Answer.Error(answerIn, StatusCodes.Status403Forbidden, "account_id", notYou);
        report = report with { CitizenId = accountId };
        Open311Form.Validate(report, city, catalog, errors);
        if (errors.Count > 0)
        {
            // "Possible Errors": 404 when the service_code names no service, 400 for anything else.
            bool unknownService = Open311Form.NamesUnknownService(report, catalog);
            return Open311Answer.Errors(
                answerIn,
                unknownService ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest,
                ErrorsOf(errors, field => unknownService && field == "service_code" ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest));
        }

        var outcome = await intake.SubmitAsync(report);
        if (outcome.Refusal is { } refusal)
        {
            return Open311Answer.Error(answerIn, StatusCodes.Status400BadRequest, Open311Form.FieldOf(refusal.Field), refusal.Message);
        }
        var summary = outcome.Report!.Summary;
        string? notice = catalog.Category(summary.Category) is { } category ? Open311Text.ServiceNotice(category) : null;
        // The spec's example answers 200 with a list of one; account_id is the poster's own, echoed.
        return Open311Answer.List(answerIn, [new Open311Receipt(summary.Id, notice, report.CitizenId)], "service_requests", "request");
    }

    /// <summary>"GET Service Requests": newest first, at most 90 days and 1000 requests ("Response Volume").</summary>
    public static async Task<IResult> ListRequests(
        string format, HttpContext http, ReportLedgers ledgers, IGrainFactory grains, ReportCatalog catalog, CityMap city, CityClock clock)
    {
        if (!Open311Answer.TryParseFormat(format, out var answerIn)) return Open311Answer.UnknownFormat(format);
        var errors = new Dictionary<string, string[]>();
        var query = Open311Query.Parse(http.Request.Query, catalog, clock.Now, errors);
        if (errors.Count > 0)
        {
            return Open311Answer.Errors(answerIn, StatusCodes.Status400BadRequest, ErrorsOf(errors, _ => StatusCodes.Status400BadRequest));
        }
        var reports = query.RequestIds.Count > 0
            ? await ReadAsync(query.RequestIds, grains)
            : await FindAsync(query.Filters, ledgers);
        return Open311Answer.List(answerIn, [.. reports.Select(r => Open311Request.Of(r, catalog, city))], "service_requests", "request");
    }

    /// <summary>"GET Service Request": a list of the one request; 404 in the spec's error format.</summary>
    public static async Task<IResult> GetRequest(string id, string format, IGrainFactory grains, ReportCatalog catalog, CityMap city)
    {
        if (!Open311Answer.TryParseFormat(format, out var answerIn)) return Open311Answer.UnknownFormat(format);
        var details = await ReportIntake.FindAsync(grains, id);
        return details is null
            ? Open311Answer.Error(answerIn, StatusCodes.Status404NotFound, "service_request_id", $"There is no request '{Open311Answer.Clip(id)}'.")
            : Open311Answer.List(answerIn, [Open311Request.Of(details.Summary, catalog, city)], "service_requests", "request");
    }

    private static async Task<IEnumerable<ReportSummary>> FindAsync(IReadOnlyList<ReportFilter> filters, ReportLedgers ledgers)
    {
        var answers = await Task.WhenAll(filters.Select(filter => ledgers.FindAsync(filter)));
        return answers.SelectMany(a => a)
            .OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Take(Open311Query.MaxRequests);
    }

    /// <summary>The requests by id, in the order asked; an id that names no request is left out.</summary>
    private static async Task<IEnumerable<ReportSummary>> ReadAsync(IReadOnlyList<string> ids, IGrainFactory grains)
    {
        // Only ids shaped like ours reach a grain, so junk never activates one.
        var details = await Task.WhenAll(ids.Where(ReportIntake.IsReportId).Select(id => ReportIntake.Report(grains, id).GetAsync()));
        return details.OfType<ReportDetails>().Select(d => d.Summary);
    }

    private static IEnumerable<Open311Error> ErrorsOf(Dictionary<string, string[]> errors, Func<string, int> codeOf) =>
        errors.SelectMany(e => e.Value.Select(message => new Open311Error(codeOf(e.Key), $"{e.Key}: {message}")));
}
