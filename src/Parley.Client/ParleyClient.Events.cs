using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Parley.Signaling.Contracts;

namespace Parley.Client;

public sealed partial class ParleyClient
{
    /// <summary>A peer joined the room, or came back to its seat.</summary>
    public event EventHandler<ReadyPeer>? PeerReady;

    /// <summary>A payload from another peer of the room.</summary>
    public event EventHandler<DataMessage>? DataReceived;

    /// <summary>A peer's connection dropped; its seat is held for the server's reconnect grace period.</summary>
    public event EventHandler<PeerInfo>? PeerReconnecting;

    /// <summary>A peer left, or did not come back in time.</summary>
    public event EventHandler<PeerInfo>? PeerLeft;

    /// <summary>A <c>Relay</c> of this client was refused.</summary>
    public event EventHandler<RefusedCall>? CallRefused;

    /// <summary>Fresh ICE servers for the seat's peer connections, before the TURN credentials it has expire: apply them.</summary>
    public event EventHandler<IceServersResponse>? IceServersRenewed;

    /// <summary>The connection dropped, or the server asked the client to move: it is reconnecting.</summary>
    public event EventHandler<ReconnectingEvent>? Reconnecting;

    /// <summary>The client is connected again, and has resumed its seat if it held one.</summary>
    public event EventHandler<ReconnectedEvent>? Reconnected;

    /// <summary>The client stopped for good: it gave up reconnecting, or the server closed it for what it sent.</summary>
    public event EventHandler<ClosedEvent>? Closed;

    /// <summary>
    /// The events from now on, in order, until the client is disposed or <paramref name="cancellationToken"/> ends the
    /// enumeration. Each call gets every event; those not read yet wait in memory, so enumerate what you ask for.
    /// </summary>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    /// <returns>The events.</returns>
    public IAsyncEnumerable<SignalingEvent> ReadEventsAsync(CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<SignalingEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                channel.Writer.Complete();
            }
            else
            {
                _readers.Add(channel);
            }
        }

        return ReadAsync(channel, cancellationToken);
    }

    /// <summary>An event from <paramref name="connection"/>'s receive loop.</summary>
    internal void EventReceived(ClientConnection connection, string name, JsonElement arg)
    {
        if (name == SignalingEvents.Reconnect)
        {
            ServerAskedToReconnect(connection);
            return;
        }

        SignalingEvent? received;
        try
        {
            received = ReadEvent(name, arg);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // A malformed argument, or none (InvalidOperationException) where the event needs one.
            Unreadable($"a {name} event: {e.Message}");
            return;
        }

        if (received is null)
        {
            // An event this version does not know: newer servers may send more.
            return;
        }

        lock (_gate)
        {
            if (_connection != connection)
            {
                return;
            }
        }

        Raise(received);
    }

    internal void Unreadable(string problem) => ClientLog.UnreadableMessage(_logger, problem);

    private static SignalingEvent? ReadEvent(string name, JsonElement arg)
    {
        var json = SignalingJsonContext.Default;
        return name switch
        {
            SignalingEvents.Ready => arg.Deserialize(json.ReadyPeer) is { } peer ? new PeerReadyEvent(peer) : null,
            SignalingEvents.Data => arg.Deserialize(json.DataMessage) is { } message ? new DataReceivedEvent(message) : null,
            SignalingEvents.PeerReconnecting => arg.Deserialize(json.PeerInfo) is { } away ? new PeerReconnectingEvent(away) : null,
            SignalingEvents.PeerLeft => arg.Deserialize(json.PeerInfo) is { } left ? new PeerLeftEvent(left) : null,
            SignalingEvents.Refused => arg.Deserialize(json.RefusedCall) is { } refusal ? new CallRefusedEvent(refusal) : null,
            SignalingEvents.IceServers => arg.Deserialize(json.IceServersResponse) is { } servers ? new IceServersRenewedEvent(servers) : null,
            _ => null,
        };
    }

    private void Raise(SignalingEvent happened)
    {
        try
        {
            switch (happened)
            {
                case PeerReadyEvent e: PeerReady?.Invoke(this, e.Peer); break;
                case DataReceivedEvent e: DataReceived?.Invoke(this, e.Message); break;
                case PeerReconnectingEvent e: PeerReconnecting?.Invoke(this, e.Peer); break;
                case PeerLeftEvent e: PeerLeft?.Invoke(this, e.Peer); break;
                case CallRefusedEvent e: CallRefused?.Invoke(this, e.Refusal); break;
                case IceServersRenewedEvent e: IceServersRenewed?.Invoke(this, e.Servers); break;
                case ReconnectingEvent e: Reconnecting?.Invoke(this, e); break;
                case ReconnectedEvent e: Reconnected?.Invoke(this, e); break;
                case ClosedEvent e: Closed?.Invoke(this, e); break;
            }
        }
#pragma warning disable CA1031 // A handler's failure is its own: the receive loop, and every other event, goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            ClientLog.HandlerFailed(_logger, e, happened.GetType().Name);
        }

        Channel<SignalingEvent>[] readers;
        lock (_gate)
        {
            readers = [.. _readers];
        }

        foreach (var reader in readers)
        {
            reader.Writer.TryWrite(happened);
        }
    }

    private async IAsyncEnumerable<SignalingEvent> ReadAsync(Channel<SignalingEvent> channel, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var happened in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return happened;
            }
        }
        finally
        {
            lock (_gate)
            {
                _readers.Remove(channel);
            }
        }
    }
}
