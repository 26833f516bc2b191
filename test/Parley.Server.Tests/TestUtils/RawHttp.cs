using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Parley.Server.Tests.TestUtils;

/// <summary>
/// A client that writes HTTP/1.1 request heads byte for byte and reads the answer as it comes: for requests an HTTP
/// client library would refuse to send, and to see exactly which headers an answer carries.
/// </summary>
internal sealed class RawHttp : IAsyncDisposable
{
    public const string SampleKey = "dGhlIHNhbXBsZSBub25jZQ==";

    private readonly TcpClient _tcp;

    private RawHttp(TcpClient tcp, Stream stream)
    {
        _tcp = tcp;
        Stream = stream;
    }

    public Stream Stream { get; }

    /// <summary>
    /// Connects to <paramref name="address"/> from <paramref name="source"/> (any loopback address); for https over TLS,
    /// trusting the certificate <paramref name="trust"/> accepts.
    /// </summary>
    public static async Task<RawHttp> ConnectAsync(Uri address, IPAddress? source = null, RemoteCertificateValidationCallback? trust = null)
    {
        var tcp = new TcpClient(new IPEndPoint(source ?? IPAddress.Loopback, 0));
        await tcp.ConnectAsync(address.Host, address.Port);
        Stream stream = tcp.GetStream();
        if (address.Scheme == Uri.UriSchemeHttps)
        {
            var tls = new SslStream(stream);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = address.Host,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                RemoteCertificateValidationCallback = trust,
            });
            stream = tls;
        }

        return new RawHttp(tcp, stream);
    }

    /// <summary>The head of a WebSocket upgrade to <paramref name="path"/>, with <paramref name="fields"/> after the usual ones.</summary>
    public static string Upgrade(Uri address, string path = "/ws/signaling", string version = "13", string? key = SampleKey, params string[] fields)
    {
        var head = new StringBuilder($"GET {path} HTTP/1.1\r\nHost: {address.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: {version}\r\n");
        if (key is not null)
        {
            head.Append("Sec-WebSocket-Key: ").Append(key).Append("\r\n");
        }

        foreach (var field in fields)
        {
            head.Append(field).Append("\r\n");
        }

        return head.Append("\r\n").ToString();
    }

    public async Task SendAsync(string text) => await SendAsync(Encoding.ASCII.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await Stream.WriteAsync(bytes);
        await Stream.FlushAsync();
    }

    /// <summary>The answer's head and, for a Content-Length or a close, its body; fails after <paramref name="timeout"/>.</summary>
    public async Task<RawAnswer> ReadAnswerAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(received)) < 0)
        {
            var read = await Stream.ReadAsync(buffer, deadline.Token);
            if (read == 0)
            {
                throw new IOException($"The server closed the connection after {received.Count} bytes: '{Encoding.ASCII.GetString([.. received])}'");
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        var head = Encoding.ASCII.GetString([.. received], 0, headEnd);
        var rest = received.Skip(headEnd + 4).ToList();
        var answer = new RawAnswer(head, string.Empty, [.. rest]);
        if (answer.Status == 101)
        {
            return answer;
        }

        var length = answer.Header("Content-Length") is { } value ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
        var chunked = answer.Header("Transfer-Encoding") == "chunked";
        while (!(length is { } expected ? rest.Count >= expected : chunked && Encoding.ASCII.GetString([.. rest]).EndsWith("0\r\n\r\n", StringComparison.Ordinal)))
        {
            int read;
            try
            {
                read = await Stream.ReadAsync(buffer, deadline.Token);
            }
            catch (IOException)
            {
                break;
            }

            if (read == 0)
            {
                break;
            }

            rest.AddRange(buffer.AsSpan(0, read));
        }

        return answer with { Body = Encoding.UTF8.GetString([.. rest]) };
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        _tcp.Dispose();
    }

    private static int IndexOfHeadEnd(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>An answer as <see cref="RawHttp"/> read it; <see cref="After"/> holds the bytes that came after a 101's head.</summary>
internal sealed record RawAnswer(string Head, string Body, byte[] After)
{
    public int Status => int.Parse(Head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Kestrel's HTTP names itself in every answer; the signaling socket below HTTP does not.</summary>
    public bool FromKestrelsHttp => Header("Server") == "Kestrel";

    public string? Header(string name) => Head.Split("\r\n").Skip(1)
        .Select(line => line.Split(':', 2))
        .Where(parts => parts.Length == 2 && parts[0].Equals(name, StringComparison.OrdinalIgnoreCase))
        .Select(parts => parts[1].Trim())
        .FirstOrDefault();

    public override string ToString() => $"{Head}\r\n\r\n{Body}";
}
