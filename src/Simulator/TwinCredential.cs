using System.Net.Http.Headers;

namespace SmartCity.Simulator;

/// <summary>
/// The credential the simulator sends to a running twin: the API key or token in SMARTCITY_API_KEY
/// (issue one with `dotnet run --project src/Silo -- token ...`). A twin the simulator starts itself
/// gets its own (<see cref="Replay.InProcessTwin.Token"/>).
/// </summary>
public static class TwinCredential
{
    public const string Variable = "SMARTCITY_API_KEY";

    public static HttpClient Attach(HttpClient http, string? token = null)
    {
        token ??= Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(token)) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
        return http;
    }
}
