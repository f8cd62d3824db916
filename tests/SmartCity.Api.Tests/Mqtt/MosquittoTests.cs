using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit.Abstractions;
using static SmartCity.Api.Tests.Mqtt.MqttTwinFixture;
using SmartCity.TestSupport;

namespace SmartCity.Api.Tests.Mqtt;

/// <summary>
/// The twin against a real Mosquitto process on 127.0.0.1 (Debian package "mosquitto"), as a city whose
/// gateways already publish to a broker of its own would run it.
/// </summary>
public sealed class MosquittoTests(ITestOutputHelper output)
{
    private const string MosquittoPath = "/usr/sbin/mosquitto";

    [Fact]
    public async Task Readings_published_to_Mosquitto_change_the_twin_also_after_the_broker_restarts()
    {
        if (!File.Exists(MosquittoPath))
        {
            // CI installs Mosquitto, so there its absence is a failure; a developer without it is told how to get it.
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"{MosquittoPath} is missing: CI must install the mosquitto package.");
            output.WriteLine($"Not run: {MosquittoPath} is missing; apt-get install -y --no-install-recommends mosquitto");
            return;
        }
        int port = LocalPorts.Free();
        using var folder = new TempFolder();
        await using var mosquitto = await Mosquitto.StartAsync(folder.Path, port);
        var twin = new MosquittoTwin(port);
        await twin.InitializeAsync();
        try
        {
            string bay = twin.TakeBay().Id;
            await using (var sensor = await twin.SensorAsync())
            {
                await sensor.PublishAsync(twin.Topics.TopicOf(bay, "occupancy")!, Payload("occupied", twin.SecondsAgo(30)));
                Assert.Equal("occupied", await BayStatusEventuallyAsync(twin, bay, "occupied"));
            }

            await mosquitto.RestartAsync();
            await twin.SubscribedAsync(subscribed: false);
            await twin.SubscribedAsync();

            await using (var sensor = await twin.SensorAsync())
            {
                await sensor.PublishAsync(twin.Topics.TopicOf(bay, "occupancy")!, Payload("free", twin.SecondsAgo(10)));
                Assert.Equal("free", await BayStatusEventuallyAsync(twin, bay, "free"));
            }
        }
        finally
        {
            await twin.DisposeAsync();
            output.WriteLine(mosquitto.Log);
        }
    }

    private static async Task<string?> BayStatusEventuallyAsync(TwinFixture twin, string bay, string status) =>
        (await TwinFixture.EventuallyAsync(() => twin.GetAsync($"/api/parking/bays/{bay}"), b => b.GetProperty("status").GetString() == status))
            .GetProperty("status").GetString();

    private sealed class MosquittoTwin(int port) : MqttTwinFixture(port);

    /// <summary>A Mosquitto process with a config of its own: one listener on 127.0.0.1, anonymous clients allowed.</summary>
    private sealed class Mosquitto : IAsyncDisposable
    {
        private readonly string _configPath;
        private readonly int _port;
        private readonly StringBuilder _log = new();
        private Process? _process;

        private Mosquitto(string configPath, int port) => (_configPath, _port) = (configPath, port);

        public string Log
        {
            get { lock (_log) return _log.ToString(); }
        }

        public static async Task<Mosquitto> StartAsync(string folder, int port)
        {
            string configPath = System.IO.Path.Combine(folder, "mosquitto.conf");
            await File.WriteAllTextAsync(configPath, $"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n");
            var mosquitto = new Mosquitto(configPath, port);
            await mosquitto.StartAsync();
            return mosquitto;
        }

        /// <summary>Stops the broker, as a crash or an operator would, and starts it again on the same port.</summary>
        public async Task RestartAsync()
        {
            await StopAsync();
            await StartAsync();
        }

        public async ValueTask DisposeAsync() => await StopAsync();

        private async Task StartAsync()
        {
            var start = new ProcessStartInfo(MosquittoPath, ["-c", _configPath]) { RedirectStandardError = true, RedirectStandardOutput = true };
            _process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start.");
            _process.ErrorDataReceived += (_, line) => Append(line.Data);
            _process.OutputDataReceived += (_, line) => Append(line.Data);
            _process.BeginErrorReadLine();
            _process.BeginOutputReadLine();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (!await AcceptsConnectionsAsync())
            {
                Assert.False(_process.HasExited, $"mosquitto exited with {(_process.HasExited ? _process.ExitCode : 0)}:\n{Log}");
                Assert.True(DateTime.UtcNow < deadline, $"mosquitto is not listening on port {_port}:\n{Log}");
                await Task.Delay(50);
            }
        }

        private async Task StopAsync()
        {
            if (_process is not { } process) return;
            _process = null;
            if (!process.HasExited) process.Kill();
            await process.WaitForExitAsync();
            process.Dispose();
        }

        private async Task<bool> AcceptsConnectionsAsync()
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, _port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        private void Append(string? line)
        {
            if (line is null) return;
            lock (_log) _log.AppendLine(line);
        }
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("smartcity-mosquitto-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
