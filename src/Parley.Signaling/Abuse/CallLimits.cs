using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.Signaling.Contracts;

namespace Parley.Signaling.Abuse;

/// <summary>
/// The connection caps and the rate limits of <c>Join</c>, <c>Rejoin</c>, <c>Resume</c>, <c>Data</c> and <c>Relay</c>.
/// A connection that keeps sending what is refused is closed.
/// </summary>
public sealed partial class CallLimits(
    ClientAddressTracker tracker,
    IOptions<AbuseOptions> options,
    TimeProvider time,
    SignalingMetrics metrics,
    ILogger<CallLimits> logger)
{
    /// <summary>A place for a new connection, or null (logged) when its address or the node has no room for it.</summary>
    internal ConnectionSlot? TryConnect(IPAddress? remoteAddress, string connectionId)
    {
        var state = tracker.TryConnect(ClientAddress.From(remoteAddress));
        if (state is null)
        {
            LogConnectionRefused(logger, connectionId);
            return null;
        }

        return new ConnectionSlot(this, new ConnectionAllowance(state, options.Value, time), connectionId);
    }

    internal void Disconnect(ConnectionAllowance allowance) => tracker.Disconnect(allowance.Address);

    /// <summary>
    /// Whether <paramref name="call"/> may go on. A refusal counts towards closing the connection; a refused join is
    /// counted in the metrics here, its answer is the caller's to give.
    /// </summary>
    internal bool TryAdmit(ConnectionAllowance allowance, string call, SignalingConnection connection)
    {
        if (!IsRateLimited(call))
        {
            // Not counted as good behaviour: a flooder interleaving free calls (Leave) with refused Joins would
            // otherwise never reach the consecutive-refusal limit.
            return true;
        }

        var isJoin = SignalingCalls.IsJoin(call);
        if (isJoin ? allowance.TryJoin() : allowance.TryData())
        {
            allowance.Admitted();
            return true;
        }

        if (isJoin)
        {
            metrics.JoinRejected(SignalingErrors.RateLimited);
        }

        Refused(allowance, call, connection);
        return false;
    }

    /// <summary>Counts a refusal that is not a rate limit's (a call the server could not read).</summary>
    internal void Refused(ConnectionAllowance allowance, string call, SignalingConnection connection)
    {
        if (allowance.Refused() >= options.Value.CloseAfterConsecutiveRefusals)
        {
            LogFloodClosed(logger, connection.ConnectionId, call);
            connection.Close(ConnectionCloseReason.Flooding);
        }
    }

    private static bool IsRateLimited(string call) => SignalingCalls.IsJoin(call) || call is SignalingCalls.Data or SignalingCalls.Relay;

    [LoggerMessage(210, LogLevel.Warning, "Connection {ConnectionId} refused: too many connections.", EventName = "ConnectionRefused")]
    private static partial void LogConnectionRefused(ILogger logger, string connectionId);

    [LoggerMessage(211, LogLevel.Warning, "Connection {ConnectionId} closed for flooding {Method}.", EventName = "FloodClosed")]
    private static partial void LogFloodClosed(ILogger logger, string connectionId, string method);
}
