namespace Parley.Client;

/// <summary>Where a <see cref="ParleyClient"/>'s connection to the server stands.</summary>
public enum ParleyConnectionState
{
    /// <summary>Not connected yet, or <see cref="ParleyClient.ConnectAsync"/> failed.</summary>
    Disconnected,

    /// <summary><see cref="ParleyClient.ConnectAsync"/> is opening the socket.</summary>
    Connecting,

    /// <summary>The socket is open: calls go through.</summary>
    Open,

    /// <summary>The socket dropped, or the server asked the client to move: it is reconnecting, and calls fail meanwhile.</summary>
    Reconnecting,

    /// <summary>The client stopped: disposed, given up reconnecting, or closed by the server for what it sent.</summary>
    Closed,
}
