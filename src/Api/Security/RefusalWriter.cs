namespace SmartCity.Api.Security;

/// <summary>
/// Endpoint metadata for a protocol with its own error format (Open311): how to tell a caller that
/// their credential is missing, wrong or lacks the role. Without it the refusal is problem details.
/// </summary>
public abstract class RefusalWriter
{
    public abstract Task WriteAsync(HttpContext http, int status, string message);
}
