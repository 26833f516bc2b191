using System.Net;
using System.Net.Sockets;

namespace Parley.Client.Tests.TestUtils;

/// <summary>
/// A loopback TCP forwarder between clients and a server, standing in for the network and a load balancer: it can
/// hold back what the server sends, cut every connection at once (a reset, no close handshake, as a lost network),
/// and send new connections to another server.
/// </summary>
public sealed class TcpLink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _sockets = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private TaskCompletionSource _flowing = NewGate(open: true);

    public TcpLink(Uri target)
    {
        Target = target;
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>Where clients dial: this link's own address.</summary>
    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>The server new connections are forwarded to.</summary>
    public Uri Target { get; set; }

    /// <summary>Holds back what servers send until <see cref="Release"/>; what clients send still goes through.</summary>
    public void Hold() => Interlocked.Exchange(ref _flowing, NewGate(open: false));

    public void Release() => _flowing.TrySetResult();

    /// <summary>Resets every connection through the link, both ways.</summary>
    public void CutAll()
    {
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                // An abortive close: the peer gets a reset, as from a network that is gone.
                socket.Close(timeout: 0);
            }

            _sockets.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        CutAll();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stopping.Dispose();
    }

    private static TaskCompletionSource NewGate(bool open)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open)
        {
            gate.SetResult();
        }

        return gate;
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = LinkAsync(client);
        }
    }

    private async Task LinkAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        lock (_sockets)
        {
            _sockets.Add(client);
            _sockets.Add(server);
        }

        try
        {
            await server.ConnectAsync(Target.Host, Target.Port);
            await Task.WhenAny(PumpAsync(client, server, gated: false), PumpAsync(server, client, gated: true));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Cut, or the server is gone: the client sees its connection end.
        }
        finally
        {
            lock (_sockets)
            {
                _sockets.Remove(client);
                _sockets.Remove(server);
            }

            client.Dispose();
            server.Dispose();
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool gated)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (gated)
                {
                    await Volatile.Read(ref _flowing).Task;
                }

                await to.SendAsync(buffer.AsMemory(0, read));
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Cut.
        }
    }
}
