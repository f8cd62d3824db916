using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmartCity.Api.Security;

/// <summary>
/// Reads the caller's credential from where each kind of client sends it: a person's token as
/// "Authorization: Bearer ...", a sensor's or service's key as "X-Api-Key: ...", and Open311's
/// api_key (a query parameter, or a form field of a POST; GeoReport v2). No credential means an
/// anonymous caller, who may still use the public reads.
/// </summary>
public sealed class CredentialsHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenIssuer issuer)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "SmartCity";
    public const string ApiKeyHeader = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? credential = await FindCredentialAsync(Request);
        if (credential is null) return AuthenticateResult.NoResult();
        var (holder, failure) = await issuer.CheckAsync(credential);
        return holder is null ? AuthenticateResult.Fail(failure!) : AuthenticateResult.Success(new AuthenticationTicket(holder, SchemeName));
    }

    private static async Task<string?> FindCredentialAsync(HttpRequest request)
    {
        string authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return authorization["Bearer ".Length..].Trim();
        if (request.Headers[ApiKeyHeader].ToString() is { Length: > 0 } key) return key;
        if (request.Query["api_key"].ToString() is { Length: > 0 } queryKey) return queryKey;
        if (request.Path.StartsWithSegments("/open311") && request.HasFormContentType)
        {
            // The form is read once and kept: the endpoint reads the same form afterwards. A form that
            // cannot be read carries no key; the endpoint then refuses it in Open311's own words.
            try
            {
                var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
                if (form["api_key"].ToString() is { Length: > 0 } formKey) return formKey;
            }
            catch (Exception error) when (error is InvalidDataException or InvalidOperationException or IOException or BadHttpRequestException)
            {
                return null;
            }
        }
        return null;
    }

    // 401 and 403 as problem details (RFC 9457), saying what is missing.
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status401Unauthorized, "Sign in first.",
            "This needs a token (Authorization: Bearer ...) or an API key (X-Api-Key) with one of the roles the endpoint allows.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Not allowed.", "Your role may not do this.");

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        var failure = (await Context.AuthenticateAsync(SchemeName)).Failure?.Message;
        if (Context.GetEndpoint()?.Metadata.GetMetadata<RefusalWriter>() is { } writer)
        {
            await writer.WriteAsync(Context, status, failure ?? detail);
            return;
        }
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized) Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(detail: failure ?? detail, statusCode: status, title: title).ExecuteAsync(Context);
    }
}
