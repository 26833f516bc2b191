using System.Net;
using System.Net.Sockets;
using Parley.Client;

namespace Parley.Testing;

/// <summary>
/// Makes a client connect from another loopback address (127.0.0.0/8 is all local on Linux), so per-address limits
/// can be tested with a bystander that really is a different address.
/// </summary>
public sealed class SourceAddress : IDisposable
{
    private readonly HttpMessageInvoker _invoker;

    public SourceAddress(IPAddress source)
    {
        _invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        });
    }

    public ParleyClientOptions Options => new() { HttpInvoker = _invoker };

    /// <summary>Connects from the source address, for a <see cref="System.Net.WebSockets.ClientWebSocket"/> or an HTTP request.</summary>
    public HttpMessageInvoker Invoker => _invoker;

    public void Dispose() => _invoker.Dispose();
}
