using Microsoft.AspNetCore.Connections;

namespace Parley.Server.Connections;

/// <summary>
/// Kestrel connection middleware in front of everything else on every web address, TLS included: admits a connection
/// within its address's limits (<see cref="WebConnectionLimits"/>) and sets its deadlines. On a plain address it waits
/// here for the first bytes; behind Parley's TLS the demultiplexer reports the handshake and the first bytes.
/// </summary>
internal sealed class ConnectionGuard(ConnectionDelegate next, WebConnectionLimits limits, bool tls)
{
    private static readonly Func<System.Buffers.ReadOnlySequence<byte>, bool?> AnyByte = _ => true;

    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        using var guarded = limits.TryAdmit(connection, tls);
        if (guarded is null)
        {
            return;
        }

        connection.Features.Set(guarded);
        if (!tls)
        {
            if (await FirstBytes.PeekAsync(connection.Transport.Input, AnyByte, connection.ConnectionClosed) is null)
            {
                return;
            }

            guarded.FirstBytesArrived();
        }

        await next(connection);
    }
}
