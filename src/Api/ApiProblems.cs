using SmartCity.Grains.Reports;

namespace SmartCity.Api;

/// <summary>RFC 9457 problem details for the ways a request can be wrong.</summary>
public static class ApiProblems
{
    /// <summary>400: the request names fields with bad values; nothing was changed.</summary>
    public static IResult BadRequest(IDictionary<string, string[]> errors, string? detail = null) =>
        Results.ValidationProblem(errors, detail, title: "The request has invalid fields.");

    public static IResult BadRequest(string field, string message) =>
        BadRequest(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>404 naming what was looked for.</summary>
    public static IResult NotFound(string what, string id) =>
        Results.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: $"No such {what}.",
            detail: $"There is no {what} '{id}' in the city.",
            extensions: new Dictionary<string, object?> { ["id"] = id });

    /// <summary>403: the caller may not do this; the field names who they said they were.</summary>
    public static IResult Forbidden(string field, string message) => Problem(StatusCodes.Status403Forbidden, "Not allowed.", field, message);

    /// <summary>409: the thing's current state does not allow the action.</summary>
    public static IResult Conflict(string field, string message) => Problem(StatusCodes.Status409Conflict, "Not possible now.", field, message);

    /// <summary>The problem a refused report action deserves.</summary>
    public static IResult FromRefusal(ReportRefusal refusal, string reportId) => refusal.Kind switch
    {
        RefusalKind.NotFound => NotFound("report", reportId),
        RefusalKind.Forbidden => Forbidden(refusal.Field, refusal.Message),
        RefusalKind.Conflict => Conflict(refusal.Field, refusal.Message),
        _ => BadRequest(refusal.Field, refusal.Message),
    };

    private static IResult Problem(int status, string title, string field, string message) =>
        Results.Problem(
            statusCode: status,
            title: title,
            detail: message,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });
}
