using Microsoft.Extensions.Logging;

namespace Parley.Client;

internal static partial class ClientLog
{
    [LoggerMessage(301, LogLevel.Warning, "Signaling connection to {Uri} lost ({Detail}); reconnecting.", EventName = "ClientReconnecting")]
    public static partial void Reconnecting(ILogger logger, Uri uri, string detail);

    [LoggerMessage(302, LogLevel.Information, "Signaling connection to {Uri} is back after {Attempts} attempts.", EventName = "ClientReconnected")]
    public static partial void Reconnected(ILogger logger, Uri uri, int attempts);

    [LoggerMessage(303, LogLevel.Debug, "Reconnect attempt {Attempt} to {Uri} failed: {Detail}", EventName = "ClientReconnectAttemptFailed")]
    public static partial void AttemptFailed(ILogger logger, int attempt, Uri uri, string detail);

    [LoggerMessage(304, LogLevel.Warning, "Signaling connection to {Uri} closed for good: {Detail}", EventName = "ClientClosed")]
    public static partial void Closed(ILogger logger, Uri uri, string detail);

    [LoggerMessage(305, LogLevel.Error, "A handler of the {Event} event threw; the client goes on.", EventName = "ClientHandlerFailed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string @event);

    [LoggerMessage(306, LogLevel.Warning, "The server sent a message this client cannot read ({Problem}); it is ignored.", EventName = "ClientUnreadableMessage")]
    public static partial void UnreadableMessage(ILogger logger, string problem);
}
