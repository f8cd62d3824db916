using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace SmartCity.Api.Mqtt;

/// <summary>
/// The broker the twin runs itself when no external one is configured (MQTTnet.Server), so sensors can
/// publish to the twin with nothing else installed. It listens on one address only, loopback by default.
/// </summary>
public sealed class EmbeddedMqttBroker(IOptions<MqttOptions> options, ILogger<EmbeddedMqttBroker> logger) : IDisposable
{
    private MqttServer? _server;

    /// <summary>Where the twin's own subscriber reaches the broker once it runs; null before then.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>Messages the broker holds for one subscriber before it drops the oldest.</summary>
    public const int MaxPendingMessagesPerClient = 250;

    /// <summary>
    /// Starts listening. A port already taken (say, by a Mosquitto installed on this machine) is logged
    /// and leaves the twin running without MQTT rather than refusing to start it.
    /// </summary>
    public async Task<bool> TryStartAsync()
    {
        var settings = options.Value;
        var address = IPAddress.Parse(settings.EmbeddedAddress);
        bool v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        var serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(settings.EmbeddedPort)
            .WithDefaultEndpointBoundIPAddress(v6 ? IPAddress.None : address)
            .WithDefaultEndpointBoundIPV6Address(v6 ? address : IPAddress.None)
            // Messages waiting for one subscriber (the twin) are bounded: when ingest falls behind,
            // the broker drops the oldest instead of growing without end (MQTTnet's default is the
            // same bound, stated here so the memory ceiling in docs/soak.md does not rest on it).
            .WithMaxPendingMessagesPerClient(MaxPendingMessagesPerClient)
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(serverOptions);
        server.ValidatingConnectionAsync += ValidateConnection;
        try
        {
            await server.StartAsync();
        }
        catch (SocketException error)
        {
            server.Dispose();
            logger.LogError(
                "MQTT: the embedded broker cannot listen on {Address}:{Port} ({Reason}); the twin runs without MQTT. Set Mqtt:EmbeddedPort, Mqtt:BrokerHost or Mqtt:Enabled=false",
                address, settings.EmbeddedPort, error.Message);
            return false;
        }
        _server = server;
        // Port 0 asks the system for a free port; the endpoint options then hold the one it gave.
        var reachable = address.Equals(IPAddress.Any) ? IPAddress.Loopback : address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : address;
        LocalEndPoint = new IPEndPoint(reachable, serverOptions.DefaultEndpointOptions.Port);
        logger.LogInformation("MQTT: embedded broker listening on {Address}:{Port}", address, LocalEndPoint.Port);
        return true;
    }

    public async Task StopAsync()
    {
        if (_server is { IsStarted: true } server) await server.StopAsync(new MqttServerStopOptions());
    }

    public void Dispose() => _server?.Dispose();

    private Task ValidateConnection(ValidatingConnectionEventArgs connection)
    {
        // MQTT 5 lets a client leave its id to the broker (section 3.1.3.1), as mosquitto_pub does; 3.1.1 clients must name one.
        if (string.IsNullOrEmpty(connection.ClientId)) connection.AssignedClientIdentifier = $"auto-{Guid.NewGuid():N}";
        var settings = options.Value;
        if (!string.IsNullOrEmpty(settings.Username)
            && (!SameText(connection.UserName, settings.Username) || !SameText(connection.Password, settings.Password)))
        {
            connection.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
        }
        return Task.CompletedTask;
    }

    // Compared in constant time so a wrong guess takes as long as a near miss.
    private static bool SameText(string? given, string? expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given ?? ""), Encoding.UTF8.GetBytes(expected ?? ""));
}
