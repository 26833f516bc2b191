using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;

namespace Parley.Signaling.Tests.TestUtils;

/// <summary>
/// Makes a test client connect from another loopback address (127.0.0.0/8 is all local on Linux), so per-address
/// limits can be tested with a bystander that really is a different address.
/// </summary>
internal static class SourceAddress
{
    public static Action<HttpConnectionOptions> From(IPAddress source) => options =>
    {
        // Long polling runs over HttpClient, whose connect step can bind the source address.
        options.Transports = HttpTransportType.LongPolling;
        options.HttpMessageHandlerFactory = _ => new SocketsHttpHandler
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
        };
    };
}
