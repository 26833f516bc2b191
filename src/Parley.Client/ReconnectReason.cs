namespace Parley.Client;

/// <summary>Why a <see cref="ParleyClient"/> reconnects.</summary>
public enum ReconnectReason
{
    /// <summary>The server is shutting down and sent <c>Reconnect</c>: a new connection reaches another node.</summary>
    ServerRequested,

    /// <summary>The connection dropped (a network failure, a server that stopped answering or went away).</summary>
    ConnectionLost,
}
