using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmartCity.Grains;
using SmartCity.Silo.Hosting;

namespace SmartCity.Api.Tests.Quiz;

/// <summary>
/// A twin of its own whose quiz file (Quiz:Path) has one question, dated the day before
/// <see cref="TwinFixture.Start"/>, and none undated: today has no question.
/// </summary>
public sealed class DatedQuizTwin : IAsyncLifetime
{
    public const string QuestionDay = "2026-11-24";

    private readonly string _quizPath = Path.Combine(Path.GetTempPath(), $"smartcity-quiz-{Guid.NewGuid():N}.json");
    private WebApplication? _app;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_quizPath, $$"""
            {"questions": [{
              "id": "only-question", "date": "{{QuestionDay}}",
              "text": {"en": "Which number is the service hotline?", "zh": "便民热线是哪个号码？"},
              "options": [{"en": "110", "zh": "110"}, {"en": "12345", "zh": "12345"}, {"en": "119", "zh": "119"}],
              "correctOption": 1,
              "explanation": {"en": "12345.", "zh": "12345。"}
            }]}
            """);
        for (int attempt = 1; ; attempt++)
        {
            int[] ports = FreePorts(3);
            var app = SmartCityHost.Build(
                [
                    $"--Urls=http://127.0.0.1:{ports[0]}",
                    $"--Orleans:SiloPort={ports[1]}",
                    $"--Orleans:GatewayPort={ports[2]}",
                    "--Storage:Provider=Memory",
                    $"--Quiz:Path={_quizPath}",
                    "--Logging:LogLevel:Default=Warning",
                ],
                builder => builder.Services.AddSingleton(new CityClock(new FakeTimeProvider(TwinFixture.Start))));
            try
            {
                await app.StartAsync();
            }
            catch (Exception) when (attempt < 3)
            {
                // A port picked free was taken before Kestrel or Orleans bound it: try a fresh set.
                await app.DisposeAsync();
                continue;
            }
            _app = app;
            Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}") };
            return;
        }
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        File.Delete(_quizPath);
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners) listener.Start();
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }
}
