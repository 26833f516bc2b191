using Microsoft.Extensions.Logging;
using Parley.Signaling.Rooms;

namespace Parley.Signaling;

public sealed partial class SignalingProtocol
{
    // Payload bodies (SDP, candidates) carry addresses; only their length is ever logged.
    [LoggerMessage(201, LogLevel.Information, "Peer {PeerId} joined room {Room} ({Status}); {Count} of {Capacity} seats taken.", EventName = "PeerJoined")]
    private static partial void LogJoined(ILogger logger, string room, string peerId, JoinStatus status, int count, int capacity);

    [LoggerMessage(202, LogLevel.Information, "Peer {PeerId} left room {Room} ({Reason}).", EventName = "PeerLeft")]
    private static partial void LogLeft(ILogger logger, string room, string peerId, string reason);

    [LoggerMessage(203, LogLevel.Information, "Join of room {Room} refused: {Code}.", EventName = "JoinRefused")]
    private static partial void LogJoinRefused(ILogger logger, string? room, string code);

    [LoggerMessage(204, LogLevel.Information, "Call from connection {ConnectionId} refused: {Code}.", EventName = "CallRefused")]
    private static partial void LogRefused(ILogger logger, string connectionId, string code);

    [LoggerMessage(205, LogLevel.Debug, "Relayed {Length} chars in room {Room} from {From} to {To}.", EventName = "DataRelayed")]
    private static partial void LogRelayed(ILogger logger, string room, string from, string to, int length);
}
