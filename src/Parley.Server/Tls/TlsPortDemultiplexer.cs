using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Parley.Server.Connections;
using Parley.Server.Turn;

namespace Parley.Server.Tls;

/// <summary>
/// Kestrel connection middleware behind TLS on an https:// address: a connection that negotiated ALPN
/// <c>stun.turn</c> or whose first bytes are a STUN message goes to the embedded TURN server, anything else to
/// HTTP. Browsers on networks that let only TCP 443 out reach TURN on the same port as the web app. It tells the
/// connection's guard when the handshake is done and when it has seen enough to decide; a connection that stays
/// silent, or sends too little to tell, is aborted by the guard's deadline.
/// </summary>
internal sealed partial class TlsPortDemultiplexer(ConnectionDelegate http, EmbeddedTurn turn, ILogger logger)
{
    /// <summary>RFC 7443 §3: the ALPN label of STUN/TURN over (D)TLS.</summary>
    public static readonly System.Net.Security.SslApplicationProtocol StunTurn = new("stun.turn");

    // RFC 8489 §5: the magic cookie, bytes 4-7 of every STUN message.
    private const uint MagicCookie = 0x2112A442;

    private static readonly Func<ReadOnlySequence<byte>, bool?> StartsWithStun = Classify;

    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        var guarded = connection.Features.Get<GuardedConnection>();
        guarded?.HandshakeCompleted();
        bool? isTurn = connection.Features.Get<ITlsApplicationProtocolFeature>()?.ApplicationProtocol.Span.SequenceEqual(StunTurn.Protocol.Span) == true
            ? true
            : await FirstBytes.PeekAsync(connection.Transport.Input, StartsWithStun, connection.ConnectionClosed);
        if (isTurn is not { } decided)
        {
            return;
        }

        guarded?.FirstBytesArrived();
        if (!decided || turn.Server is not { } server || connection.RemoteEndPoint is not IPEndPoint remote || connection.LocalEndPoint is not IPEndPoint local)
        {
            await http(connection);
            return;
        }

        LogTurnOverTls(logger, remote);
        await using var stream = new DuplexPipeStream(connection.Transport);
        await server.ServeStreamAsync(stream, remote, local, connection.ConnectionClosed);
    }

    /// <summary>STUN, not STUN, or null while too few bytes have arrived to tell.</summary>
    private static bool? Classify(ReadOnlySequence<byte> buffer)
    {
        // RFC 8489 §6: the two most significant bits of a STUN message are zero; no HTTP request starts that way.
        if ((buffer.FirstSpan[0] & 0xC0) != 0)
        {
            return false;
        }

        if (buffer.Length < 8)
        {
            return null;
        }

        Span<byte> header = stackalloc byte[8];
        buffer.Slice(0, 8).CopyTo(header);
        return BinaryPrimitives.ReadUInt32BigEndian(header[4..]) == MagicCookie;
    }

    [LoggerMessage(63, LogLevel.Debug, "TURN over TLS from {Remote}.", EventName = "TurnOverTls")]
    private static partial void LogTurnOverTls(ILogger logger, IPEndPoint remote);
}
