using System.Net;
using System.Net.WebSockets;

namespace Parley.Client;

/// <summary>
/// The connection could not be opened, is not open, or closed before a call was answered. Nothing is known about
/// what the server did with a call that failed this way.
/// </summary>
public sealed class ParleyConnectionException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ParleyConnectionException()
        : this("The connection to the Parley server failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public ParleyConnectionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The failure underneath.</param>
    public ParleyConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// The HTTP status the server refused the WebSocket upgrade with: 403 for an origin it does not allow, 429 for an
    /// address over its connection cap, 404 where no signaling is served; null when the server was not reached.
    /// </summary>
    public HttpStatusCode? StatusCode { get; init; }

    /// <summary>The close code of a connection the server closed, when it sent one.</summary>
    public WebSocketCloseStatus? CloseStatus { get; init; }
}
