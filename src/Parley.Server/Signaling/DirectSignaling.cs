using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Options;
using Parley.Server.Connections;
using Parley.Server.Operations;
using Parley.Server.Tls;
using Parley.Signaling.Abuse;
using Parley.Signaling.Sockets;

namespace Parley.Server.Signaling;

/// <summary>
/// Kestrel connection middleware in front of HTTP/1.1 that serves the signaling WebSocket itself: a connection whose
/// first request is a well-formed upgrade to <see cref="SocketEndpoint.Path"/> that the HTTP path would accept gets its
/// 101 here and its socket over the transport, without the HTTP connection and request that an upgraded socket keeps
/// alive as long as it lives (about 6 KiB of each idle socket's 15, bench/README.md section 2). Every other connection
/// goes to HTTP with its bytes untouched, refusals included, so they are answered as they always were.
/// </summary>
internal sealed partial class DirectSignaling(
    AcceptedSockets sockets,
    UpgradeChecks checks,
    WebSocketBudget budget,
    ConnectionMetrics metrics,
    IOptions<ManagementOptions> management,
    IOptions<ConnectionLimitsOptions> limits,
    ILogger<DirectSignaling> logger)
{
    private static readonly byte[] RequestTimeout = Encoding.ASCII.GetBytes("HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    private static readonly byte[] NoRoom = Response(503, "Service Unavailable", "The server holds as many WebSockets as it may; retry later.\n");

    private readonly IReadOnlySet<int> _managementPorts = management.Value.IsEnabled ? management.Value.Ports() : new HashSet<int>();

    private enum Outcome
    {
        Http,
        Ended,
        Upgraded,
    }

    /// <summary>Puts the middleware on <paramref name="listen"/>, behind the connection guard and, on a TLS port, the demultiplexer.</summary>
    public static void Add(ListenOptions listen, Func<DirectSignaling> resolve, KestrelServerLimits kestrel) =>
        listen.Use(http =>
        {
            var signaling = resolve();
            return connection => signaling.ServeAsync(connection, http, kestrel);
        });

    private async Task ServeAsync(ConnectionContext connection, ConnectionDelegate http, KestrelServerLimits kestrel)
    {
        var (outcome, slot, host) = await TryUpgradeAsync(connection, kestrel);
        if (outcome == Outcome.Http)
        {
            await http(connection);
            return;
        }

        if (slot is null)
        {
            // Ended: answered or closed already.
            return;
        }

        try
        {
            // The rest of this method is all an idle socket holds besides the socket itself.
            await using var stream = new DuplexPipeStream(connection.Transport);
            using var socket = WebSocket.CreateFromStream(stream, AcceptedSockets.CreationOptions);
            await sockets.ServeAsync(socket, slot, host);
        }
        finally
        {
            slot.Release();
            budget.Return();
        }
    }

    /// <summary>Reads the first request and, when it is a signaling upgrade the HTTP path would accept, answers it with 101.</summary>
    private async Task<(Outcome, ConnectionSlot?, string?)> TryUpgradeAsync(ConnectionContext connection, KestrelServerLimits kestrel)
    {
        // The management address's 404 and HTTP/2 (RFC 8441's extended CONNECT) are the HTTP path's.
        if (connection.LocalEndPoint is IPEndPoint local && _managementPorts.Contains(local.Port)
            || connection.Features.Get<ITlsApplicationProtocolFeature>()?.ApplicationProtocol.Span.SequenceEqual("h2"u8) == true)
        {
            return (Outcome.Http, null, null);
        }

        var input = connection.Transport.Input;
        UpgradeRequestHead? head;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed))
        {
            deadline.CancelAfter(limits.Value.RequestHeadersTimeout);
            try
            {
                head = await ReadHeadAsync(input, kestrel, deadline.Token);
            }
            catch (OperationCanceledException) when (!connection.ConnectionClosed.IsCancellationRequested)
            {
                // Kestrel's RequestHeadersTimeout: 408, as Kestrel answers a head that does not come in time.
                await connection.Transport.Output.WriteAsync(RequestTimeout, CancellationToken.None);
                return (Outcome.Ended, null, null);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                return (Outcome.Ended, null, null);
            }
        }

        if (head is null || !WebSocketHandshake.IsValid(head))
        {
            return (Outcome.Http, null, null);
        }

        var (admitted, client, host) = checks.Admit(connection, head, connection.Features.Get<ITlsHandshakeFeature>() is not null);
        if (!admitted)
        {
            return (Outcome.Http, null, null);
        }

        if (!budget.TryTake())
        {
            metrics.Refused("websocket_limit");
            LogNoRoom(logger, connection.RemoteEndPoint, budget.Limit);
            await connection.Transport.Output.WriteAsync(NoRoom, CancellationToken.None);
            return (Outcome.Ended, null, null);
        }

        // The place under the caps is taken before the 101: another socket of the same client may have taken the last
        // one since the admission checked. The HTTP path then answers the 429.
        var slot = sockets.TryReserve(client);
        if (slot is null)
        {
            budget.Return();
            return (Outcome.Http, null, null);
        }

        try
        {
            // The head is read in full: consume it, so the WebSocket's first frame is what the socket reads first.
            var buffered = await input.ReadAsync(CancellationToken.None);
            input.AdvanceTo(buffered.Buffer.GetPosition(head.Length));

            // Kestrel frees an upgraded connection's place among MaxConcurrentConnections; the budget counts it instead.
            connection.Features.Get<IDecrementConcurrentConnectionCountFeature>()?.ReleaseConnection();
            await connection.Transport.Output.WriteAsync(WebSocketHandshake.SwitchingProtocols(head.Key!), CancellationToken.None);
            return (Outcome.Upgraded, slot, host);
        }
        catch
        {
            slot.Release();
            budget.Return();
            throw;
        }
    }

    /// <summary>The head of a signaling upgrade, or null for anything HTTP serves; consumes nothing.</summary>
    private static async ValueTask<UpgradeRequestHead?> ReadHeadAsync(PipeReader input, KestrelServerLimits kestrel, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var verdict = Judge(buffer, kestrel, out var head);
            if (verdict != HeadVerdict.NeedMore || result.IsCompleted || result.IsCanceled)
            {
                input.AdvanceTo(buffer.Start);
                return verdict == HeadVerdict.Signaling ? head : null;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static HeadVerdict Judge(ReadOnlySequence<byte> buffer, KestrelServerLimits kestrel, out UpgradeRequestHead? head)
    {
        // One byte past the limit is enough to know the head is over it.
        var length = (int)Math.Min(buffer.Length, UpgradeRequestReader.MaxHeadBytes(kestrel) + 1L);
        if (buffer.IsSingleSegment)
        {
            return UpgradeRequestReader.Read(buffer.FirstSpan[..length], kestrel, out head);
        }

        var copy = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            buffer.Slice(0, length).CopyTo(copy);
            return UpgradeRequestReader.Read(copy.AsSpan(0, length), kestrel, out head);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private static byte[] Response(int status, string reason, string body) => Encoding.ASCII.GetBytes(
        $"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}");

    [LoggerMessage(130, LogLevel.Warning, "A signaling WebSocket from {Remote} was refused: {Limit} are open, Connections:MaxUpgradedConnections.", EventName = "WebSocketLimitReached")]
    private static partial void LogNoRoom(ILogger logger, EndPoint? remote, long? limit);
}
