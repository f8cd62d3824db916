using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SmartCity.Api.Tests.Hardening;

/// <summary>
/// A twin of its own with low limits, a short timeout and one allowed CORS origin. Every test talks to
/// it from loopback addresses of its own (127.0.0.2, .3, ...), so that no test uses up another's
/// per-address limits; windows last a minute, so no limit refills during a test.
/// </summary>
public sealed class HardenedTwinFixture : TwinFixture
{
    public const string AllowedOrigin = "https://console.example.org";
    public const int ReadsPerCaller = 5;
    public const int ReadsPerAddress = 8;
    public const int IngestPerCaller = 4;
    public const long MaxBodyBytes = 4096;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>The one address trusted to forward clients' addresses: outside the 127.0.0.x that tests take.</summary>
    public static readonly IPAddress TrustedProxy = new([127, 0, 1, 1]);

    private int _lastAddress = 1;

    protected override IEnumerable<string> ExtraArguments =>
    [
        $"--Hardening:RateLimits:Reads:PerCaller={ReadsPerCaller}",
        $"--Hardening:RateLimits:Reads:PerAddress={ReadsPerAddress}",
        "--Hardening:RateLimits:Reads:Window=00:01:00",
        $"--Hardening:RateLimits:Ingest:PerCaller={IngestPerCaller}",
        "--Hardening:RateLimits:Ingest:PerAddress=8",
        "--Hardening:RateLimits:Ingest:Window=00:01:00",
        "--Hardening:RateLimits:Writes:PerCaller=3",
        "--Hardening:RateLimits:Writes:PerAddress=6",
        "--Hardening:RateLimits:Writes:Window=00:01:00",
        $"--Hardening:RequestLimits:MaxBodyBytes={MaxBodyBytes}",
        $"--Hardening:RequestTimeouts:Default={Timeout:c}",
        $"--Hardening:Cors:AllowedOrigins:0={AllowedOrigin}",
        $"--Hardening:TrustedProxies:0={TrustedProxy}",
    ];

    /// <summary>A loopback address no other test has used.</summary>
    public IPAddress NewClientAddress() => new([127, 0, 0, (byte)Interlocked.Increment(ref _lastAddress)]);

    /// <summary>A client whose connections come from a loopback address of its own.</summary>
    public HttpClient NewClient(IPAddress? from = null) => ClientFrom(from ?? NewClientAddress(), Http.BaseAddress!);

    public static HttpClient ClientFrom(IPAddress from, Uri baseAddress) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>
    /// Sends raw HTTP/1.1 from a fresh loopback address: the head, then part of the body (or none),
    /// and reads the answer until the twin closes the connection. For what HttpClient will not send:
    /// a body that stops halfway, a length the body never reaches.
    /// </summary>
    public async Task<RawAnswer> SendRawAsync(string method, string path, long contentLength, string bodyStart, string extraHeaders = "")
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(NewClientAddress(), 0));
        await socket.ConnectAsync(Http.BaseAddress!.Host, Http.BaseAddress.Port);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        string head = $"{method} {path} HTTP/1.1\r\nHost: {Http.BaseAddress.Authority}\r\nContent-Type: application/json\r\n"
            + $"Content-Length: {contentLength}\r\nConnection: close\r\n{extraHeaders}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head + bodyStart));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, deadline.Token);
        return RawAnswer.Parse(Encoding.UTF8.GetString(answer.ToArray()));
    }
}

/// <summary>An HTTP/1.1 answer as it came over the wire.</summary>
public sealed record RawAnswer(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public static RawAnswer Parse(string text)
    {
        int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, $"No complete HTTP answer: '{text}'");
        var lines = text[..end].Split("\r\n");
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return new RawAnswer(int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, text[(end + 4)..]);
    }
}

/// <summary>Tests of the limits, timeouts and CORS share this twin; each uses loopback addresses of its own.</summary>
[CollectionDefinition(Name)]
public sealed class HardenedTwin : ICollectionFixture<HardenedTwinFixture>
{
    public const string Name = "Twin with low limits";
}
