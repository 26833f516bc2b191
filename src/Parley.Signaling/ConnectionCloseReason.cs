namespace Parley.Signaling;

/// <summary>Why the server closes a connection itself; a socket tells its client with the matching close code.</summary>
public enum ConnectionCloseReason
{
    /// <summary>It kept sending what the limits refuse.</summary>
    Flooding,

    /// <summary>The node is going away and the connection outstayed the drain.</summary>
    Shutdown,
}
