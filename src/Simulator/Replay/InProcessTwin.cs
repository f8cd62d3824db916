using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using SmartCity.Api.Security;
using SmartCity.Grains.Reports;
using SmartCity.Silo.Hosting;

namespace SmartCity.Simulator.Replay;

/// <summary>
/// A twin started inside the replay, listening on loopback only, whose clock is the replay's
/// <see cref="VirtualClock"/>. Report deadlines are not Orleans reminders here (those run on real
/// time): the twin keeps them in <see cref="ScheduledWakeUps"/>, and <see cref="AdvanceToAsync"/>
/// wakes each report at the virtual moment its deadline falls on before the clock moves past it.
/// </summary>
public sealed class InProcessTwin : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ScheduledWakeUps _wakeUps;
    private readonly IGrainFactory _grains;
    private readonly TwinErrorLog _log;

    private InProcessTwin(WebApplication app, VirtualClock clock, Uri address, TwinErrorLog log)
    {
        _app = app;
        _log = log;
        Clock = clock;
        Address = address;
        _wakeUps = app.Services.GetRequiredService<ScheduledWakeUps>();
        _grains = app.Services.GetRequiredService<IGrainFactory>();
    }

    public VirtualClock Clock { get; }

    public Uri Address { get; }

    /// <summary>Reports woken for a deadline (or a recheck) so far.</summary>
    public int WakeUps { get; private set; }

    /// <summary>An admin token for this twin: a replay files reports as citizens and works them as officials.</summary>
    public required string Token { get; init; }

    /// <param name="twinArguments">The twin's own settings (e.g. --city FILE, --Reports:EscalationLevels=1); memory storage unless they say otherwise.</param>
    public static async Task<InProcessTwin> StartAsync(IEnumerable<string> twinArguments, DateTimeOffset start)
    {
        var clock = new VirtualClock(start);
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        string[] args =
        [
            "--Storage:Provider=Memory",
            "--Mqtt:Enabled=false",
            // Reports filed from another time and place must not share this machine's twin's ports.
            $"--Orleans:SiloPort={FreePort()}", $"--Orleans:GatewayPort={FreePort()}",
            $"--Orleans:ClusterId=replay-{Guid.NewGuid():N}",
            // A key of its own, so the replay leaves no key file behind; the replay acts as admin on it.
            $"--Security:SigningKey={SigningKey.NewBase64()}",
            .. twinArguments,
            $"--Urls={address}",
        ];
        var log = new TwinErrorLog();
        var app = SmartCityHost.Build(args, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(log);
            builder.Services.AddSingleton<ScheduledWakeUps>();
            builder.Services.AddSingleton<IReportWakeUps>(services => services.GetRequiredService<ScheduledWakeUps>());
        }, clock);
        await app.StartAsync();
        return new InProcessTwin(app, clock, address, log)
        {
            Token = app.Services.GetRequiredService<TokenIssuer>().Issue(new Credential("replay", [Roles.Admin], [], TimeSpan.FromDays(7))),
        };
    }

    /// <summary>
    /// Moves the virtual clock to <paramref name="time"/>, waking every report whose deadline falls
    /// on the way at exactly that deadline, earliest first.
    /// </summary>
    public async Task AdvanceToAsync(DateTimeOffset time)
    {
        while (_wakeUps.TakeNextDue(time) is { } due)
        {
            Clock.AdvanceTo(due.At);
            await _grains.GetGrain<IReportGrain>(due.ReportKey).CheckDeadlinesAsync();
            WakeUps++;
        }
        Clock.AdvanceTo(time);
    }

    public async ValueTask DisposeAsync()
    {
        _log.Silence();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
