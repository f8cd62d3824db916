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
}
