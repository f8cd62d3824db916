using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartCity.Api.Security;
using SmartCity.Silo.Hosting;
using SmartCity.TestSupport;

namespace SmartCity.Api.Tests.Hardening;

/// <summary>
/// Secrets never reach the logs: a database password, bearer tokens and API keys, with every log level
/// on, through start-up, refused requests and malformed ones.
/// </summary>
public sealed class SecretsInLogsTests
{
    private const string Password = "pw-3f9a1c7e-never-logged";
    private const string Token = "tok-8b2d4e6f-never-logged";
    private const string ApiKey = "key-5a7c9e1b-never-logged";
    private static readonly string RealToken = TestCredentials.Token("citizen:secret-holder", [Roles.Citizen]);

    [Fact]
    public async Task Silo_that_cannot_reach_its_database_says_so_without_the_password()
    {
        int closedPort = LocalPorts.Free(1)[0];
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var argument in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "SmartCity.Silo.dll"),
                     "--Storage:Provider=PostgreSql", "--Storage:WaitForDatabase=00:00:01", "--Mqtt:Enabled=false",
                     "--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace", "--Logging:LogLevel:Orleans=Trace",
                 })
        {
            start.ArgumentList.Add(argument);
        }
        // From the environment, as a container gets it (docs/hardening.md).
        start.Environment["ConnectionStrings__PostgreSql"] = $"Host=127.0.0.1;Port={closedPort};Username=smartcity;Password={Password};Database=smartcity;Timeout=1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        string written = await output + await errors;

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("SmartCity cannot start", written, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, written, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_and_malformed_requests_log_no_token_key_or_password()
    {
        var logs = new CapturedLogs();
        int[] ports = LocalPorts.Free(3);
        var app = SmartCityHost.Build(
            [
                $"--Urls=http://127.0.0.1:{ports[0]}", $"--Orleans:SiloPort={ports[1]}", $"--Orleans:GatewayPort={ports[2]}",
                "--Storage:Provider=Memory", "--Mqtt:Enabled=false",
                // Configured though unused: nothing may echo the configuration.
                $"--ConnectionStrings:PostgreSql=Host=db;Username=smartcity;Password={Password}",
                TestCredentials.SigningKeyArgument,
                "--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace", "--Logging:LogLevel:Orleans=Debug",
                "--Hardening:RequestLimits:MaxBodyBytes=1024",
            ],
            builder => builder.Logging.AddProvider(logs));
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}") };
            http.DefaultRequestHeaders.Authorization = new("Bearer", Token);
            http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
            (await http.GetAsync(new Uri("/api/grids/no-such-grid", UriKind.Relative))).Dispose();
            (await http.PostAsync(new Uri("/api/reports", UriKind.Relative), new StringContent("{not json", Encoding.UTF8, "application/json"))).Dispose();
            (await http.PostAsync(new Uri("/api/ping", UriKind.Relative), new ByteArrayContent(new byte[4096]))).Dispose();
            (await http.GetAsync(new Uri("/no/such/path", UriKind.Relative))).Dispose();
            // A real token of this twin, refused for its role, and a forged one.
            using (var signedIn = new HttpClient { BaseAddress = http.BaseAddress }.SignedIn(RealToken))
            {
                (await signedIn.GetAsync(new Uri("/api/planning/snapshot", UriKind.Relative))).Dispose();
                (await signedIn.PostAsync(new Uri("/api/readings", UriKind.Relative), new StringContent("[]", Encoding.UTF8, "application/json"))).Dispose();
            }
            // Open311 lets a client send its api_key in the query string, which the request log would write.
            using (var anonymous = new HttpClient { BaseAddress = http.BaseAddress })
            {
                (await anonymous.PostAsync(new Uri($"/open311/v2/requests.json?api_key={ApiKey}", UriKind.Relative), new FormUrlEncodedContent([]))).Dispose();
            }
            // Header lines Kestrel refuses: at Information it would quote the offending line in its log.
            await SendRawAsync(ports[0], $"GET /api/city HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization : Bearer {Token}\r\n\r\n");
            await SendRawAsync(ports[0], $"GET /api/city HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Api-Key {ApiKey}\r\n\r\n");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        string all = logs.Text;
        Assert.Contains("/api/grids/no-such-grid", all, StringComparison.Ordinal); // the capture saw the requests
        Assert.DoesNotContain(Token, all, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, all, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, all, StringComparison.Ordinal);
        Assert.DoesNotContain(TestCredentials.SigningKey, all, StringComparison.Ordinal);
        Assert.DoesNotContain(RealToken, all, StringComparison.Ordinal);
        // Not even the token's signature alone.
        Assert.DoesNotContain(RealToken.Split('.')[2], all, StringComparison.Ordinal);
    }

    private static async Task SendRawAsync(int port, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await stream.CopyToAsync(Stream.Null, deadline.Token);
    }

    /// <summary>Every log entry of every category and level, as text: message, state values, scopes and exception.</summary>
    private sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _entries = new();

        public string Text => string.Join('\n', _entries);

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull
            {
                entries.Enqueue($"{category} scope: {Describe(state)}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {Describe(state)} {exception}");

            private static string Describe(object? state) =>
                state is IEnumerable<KeyValuePair<string, object?>> values ? string.Join(", ", values.Select(v => $"{v.Key}={v.Value}")) : $"{state}";
        }
    }
}
