using System.Diagnostics;
using System.Net.Sockets;
using SmartCity.TestSupport;

namespace SmartCity.Silo.Tests.Restart;

/// <summary>
/// The twin as a real operating-system process (the SmartCity.Silo.dll built beside the tests),
/// so a test can stop it the way an operator does: SIGTERM, as Ctrl+C or `docker stop` would.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SiloProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The operating system's id of the silo process, e.g. to read its memory in /proc.</summary>
    public int ProcessId => _process.Id;

    public static Task<SiloProcess> StartAsync(string databasePath, params string[] extraArgs) =>
        StartInAsync(Path.GetDirectoryName(databasePath)!, [$"--db={databasePath}", .. extraArgs]);

    /// <summary>Starts a silo in <paramref name="workingFolder"/> on free loopback ports, with <paramref name="args"/> added to the defaults.</summary>
    public static async Task<SiloProcess> StartInAsync(string workingFolder, IEnumerable<string> args)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{LocalPorts.Free()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingFolder,
        };
        foreach (var arg in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "SmartCity.Silo.dll"),
                     $"--Urls={baseAddress}",
                     $"--Orleans:SiloPort={LocalPorts.Free()}", $"--Orleans:GatewayPort={LocalPorts.Free()}",
                     // Test silos run side by side: none may take the MQTT port a developer's twin uses.
                     "--Mqtt:Enabled=false",
                     TestCredentials.SigningKeyArgument,
                 }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var silo = new SiloProcess(process, baseAddress);
        process.OutputDataReceived += (_, line) => silo.Remember(line.Data);
        process.ErrorDataReceived += (_, line) => silo.Remember(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await silo.WaitUntilServingAsync();
        return silo;
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    /// <summary>The last lines the silo wrote, for a failing test's message.</summary>
    public string RecentOutput => string.Join('\n', _output);

    private void Remember(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 200) _output.TryDequeue(out _);
    }

    /// <summary>Sends SIGTERM and waits for a clean exit.</summary>
    public async Task StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            if (kill.ExitCode != 0) throw new InvalidOperationException("kill -TERM failed.");
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash or a power cut would: no flush.</summary>
    public async Task CrashAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public int ExitCode => _process.ExitCode;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) }.AsAdmin();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The silo exited with code {_process.ExitCode} before serving:\n{RecentOutput}");
            try
            {
                using var response = await http.GetAsync(new Uri("/api/city", UriKind.Relative));
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but still warming up.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The silo did not serve /api/city within 90 s:\n{RecentOutput}");
    }
}
