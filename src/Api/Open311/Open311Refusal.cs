using SmartCity.Api.Security;

namespace SmartCity.Api.Open311;

/// <summary>
/// GeoReport v2 answers a missing or wrong api_key with 403 in its own error list, in the format the
/// client asked for ("403 - Missing or Invalid API Key"), not with problem details.
/// </summary>
public sealed class Open311Refusal : RefusalWriter
{
    public override Task WriteAsync(HttpContext http, int status, string message)
    {
        string format = http.GetRouteValue("format") as string ?? "xml";
        var answerIn = Open311Answer.TryParseFormat(format, out var parsed) ? parsed : Open311Format.Xml;
        return Open311Answer.Error(answerIn, StatusCodes.Status403Forbidden, "api_key", message).ExecuteAsync(http);
    }
}
