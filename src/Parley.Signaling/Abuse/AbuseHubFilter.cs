using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.Signaling.Contracts;

namespace Parley.Signaling.Abuse;

/// <summary>
/// Enforces the connection caps and the rate limits of <c>Join</c>, <c>Rejoin</c>, <c>Resume</c>, <c>Data</c> and <c>Relay</c>
/// before the hub sees a call. A refused call answers <c>rate-limited</c> (a refused <c>Relay</c>, which has no answer, with a
/// <c>Refused</c> event); a connection that keeps flooding is closed.
/// </summary>
public sealed partial class AbuseHubFilter(
    ClientAddressTracker tracker,
    IOptions<AbuseOptions> options,
    TimeProvider time,
    SignalingMetrics metrics,
    ILogger<AbuseHubFilter> logger) : IHubFilter
{
    private static readonly object AllowanceKey = new();

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var address = ClientAddress.From(context.Context.GetHttpContext()?.Connection.RemoteIpAddress);
        var state = tracker.TryConnect(address);
        if (state is null)
        {
            LogConnectionRefused(logger, context.Context.ConnectionId);
            throw new HubException($"{SignalingErrors.TooManyConnections.Code}: {SignalingErrors.TooManyConnections.Message}");
        }

        context.Context.Items[AllowanceKey] = new ConnectionAllowance(state, options.Value, time);
        try
        {
            await next(context);
        }
        catch
        {
            // SignalR skips OnDisconnectedAsync when OnConnectedAsync fails.
            tracker.Disconnect(state);
            throw;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context, exception);
        }
        finally
        {
            if (context.Context.Items.TryGetValue(AllowanceKey, out var value) && value is ConnectionAllowance allowance)
            {
                tracker.Disconnect(allowance.Address);
            }
        }
    }

    public ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var allowance = (ConnectionAllowance)invocationContext.Context.Items[AllowanceKey]!;
        var method = invocationContext.HubMethodName;
        var isJoin = method is nameof(SignalingHub.Join) or nameof(SignalingHub.Rejoin) or nameof(SignalingHub.Resume);
        var isLimited = isJoin || method is nameof(SignalingHub.Data) or nameof(SignalingHub.Relay);
        if (!isLimited)
        {
            // Not counted as good behaviour: a flooder interleaving free calls (Leave) with refused Joins would
            // otherwise never reach the consecutive-refusal limit.
            return next(invocationContext);
        }

        if (isJoin ? allowance.TryJoin() : allowance.TryData())
        {
            allowance.Admitted();
            return next(invocationContext);
        }

        if (allowance.Refused() >= options.Value.CloseAfterConsecutiveRefusals)
        {
            LogFloodClosed(logger, invocationContext.Context.ConnectionId, method);
            invocationContext.Context.Abort();
        }

        if (isJoin)
        {
            metrics.JoinRejected(SignalingErrors.RateLimited);
            return ValueTask.FromResult<object?>(JoinResult.Rejected(SignalingErrors.RateLimited));
        }

        return method == nameof(SignalingHub.Relay)
            ? RefuseRelayAsync((SignalingHub)invocationContext.Hub)
            : ValueTask.FromResult<object?>(SignalingResult.Fail(SignalingErrors.RateLimited));
    }

    private static async ValueTask<object?> RefuseRelayAsync(SignalingHub hub)
    {
        await hub.Clients.Caller.Refused(new RefusedCall(nameof(SignalingHub.Relay), SignalingErrors.RateLimited));
        return null;
    }

    [LoggerMessage(20, LogLevel.Warning, "Connection {ConnectionId} refused: too many connections.", EventName = "ConnectionRefused")]
    private static partial void LogConnectionRefused(ILogger logger, string connectionId);

    [LoggerMessage(21, LogLevel.Warning, "Connection {ConnectionId} closed for flooding {Method}.", EventName = "FloodClosed")]
    private static partial void LogFloodClosed(ILogger logger, string connectionId, string method);
}
