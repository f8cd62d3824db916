using Microsoft.Extensions.Options;
using SmartCity.Silo.Hosting;
using SmartCity.TestSupport;

namespace SmartCity.Api.Tests.Hardening;

/// <summary>Hardening settings out of range stop the twin at start instead of leaving it unprotected.</summary>
public sealed class HardeningSettingsTests
{
    [Theory]
    [InlineData("--Hardening:Cors:AllowedOrigins:0=https://console.example.org/app")]
    [InlineData("--Hardening:Cors:AllowedOrigins:0=*")]
    [InlineData("--Hardening:RateLimits:Ingest:PerCaller=0")]
    [InlineData("--Hardening:RateLimits:Reads:Window=00:00:00")]
    [InlineData("--Hardening:RequestLimits:MaxBodyBytes=-1")]
    [InlineData("--Hardening:TrustedProxies:0=proxy.example.org")]
    [InlineData("--Hardening:TrustedProxies:0=10.0.0.0/99")]
    public void Setting_out_of_range_stops_the_twin_naming_the_section(string setting)
    {
        int[] ports = LocalPorts.Free(3);

        // Kestrel reads its body limit from these settings while the twin is built: Program reports it in one line.
        var error = Assert.Throws<OptionsValidationException>(() => SmartCityHost.Build(
        [
            $"--Urls=http://127.0.0.1:{ports[0]}", $"--Orleans:SiloPort={ports[1]}", $"--Orleans:GatewayPort={ports[2]}",
            "--Storage:Provider=Memory", "--Mqtt:Enabled=false", "--Logging:LogLevel:Default=Warning", setting,
        ]));

        Assert.StartsWith("Hardening:", error.Message, StringComparison.Ordinal);
    }
}
