using System.Net;
using System.Net.Sockets;

namespace SmartCity.TestSupport;

/// <summary>Free TCP ports on 127.0.0.1 for the servers tests start: Kestrel, Orleans, PostgreSQL, MQTT brokers.</summary>
public static class LocalPorts
{
    public static int Free() => Free(1)[0];

    /// <summary>Ports that differ from each other: every listener stays open until all are.</summary>
    public static int[] Free(int count)
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
