using Parley.Turn.Abuse;
using Parley.Turn.Allocations;

namespace Parley.Turn.Transports;

/// <summary>The way back to a client: a UDP source address on a listener socket, or a TCP connection.</summary>
internal abstract class ClientConnection
{
    // The GCRA cell of a stream connection's budget of unauthenticated answers.
    private long _unauthenticatedAnswers;

    public abstract TransportProtocol Protocol { get; }

    /// <summary>Takes one answer from this stream connection's <see cref="StreamAnswerBudget"/> at <paramref name="now"/> (ticks).</summary>
    public bool TryTakeUnauthenticatedAnswer(long now) => StreamAnswerBudget.TryTake(ref _unauthenticatedAnswers, now);

    /// <summary>
    /// Closes a stream connection, and with it its allocation: called on the connection's own receive path, it takes
    /// effect once the frame being handled is done; a stream connection may also be closed from elsewhere (the stream
    /// admission's sweep). A UDP client has no connection to close.
    /// </summary>
    public virtual void Close(string reason)
    {
    }

    /// <summary>Stream transports carry ChannelData padded to 4 bytes (RFC 8656 §12.5).</summary>
    public bool IsStream => Protocol == TransportProtocol.Tcp;

    /// <summary>Sends one whole STUN message or ChannelData frame. Failures are logged and dropped, never thrown.</summary>
    public abstract ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken);
}

/// <summary>Hands the router the connection of the client a packet came from, created only when an allocation needs it.</summary>
internal interface IClientConnectionFactory
{
    ClientConnection GetConnection(in FiveTuple fiveTuple);
}
