using Microsoft.AspNetCore.SignalR;
using Parley.Signaling.Contracts;

namespace Parley.Signaling.Abuse;

/// <summary>
/// Applies <see cref="CallLimits"/> to the hub before it sees a call. A refused call answers <c>rate-limited</c> (a
/// refused <c>Relay</c>, which has no answer, with a <c>Refused</c> event); a connection that keeps flooding is closed.
/// </summary>
public sealed class AbuseHubFilter(CallLimits limits) : IHubFilter
{
    private static readonly object AllowanceKey = new();

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var allowance = limits.TryConnect(context.Context.GetHttpContext()?.Connection.RemoteIpAddress, context.Context.ConnectionId)
            ?? throw new HubException($"{SignalingErrors.TooManyConnections.Code}: {SignalingErrors.TooManyConnections.Message}");
        context.Context.Items[AllowanceKey] = allowance;
        try
        {
            await next(context);
        }
        catch
        {
            // SignalR skips OnDisconnectedAsync when OnConnectedAsync fails.
            limits.Disconnect(allowance);
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
                limits.Disconnect(allowance);
            }
        }
    }

    public ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var allowance = (ConnectionAllowance)invocationContext.Context.Items[AllowanceKey]!;
        var call = invocationContext.HubMethodName;
        var hub = (SignalingHub)invocationContext.Hub;
        if (limits.TryAdmit(allowance, call, hub.Connection))
        {
            return next(invocationContext);
        }

        if (SignalingCalls.IsJoin(call))
        {
            return ValueTask.FromResult<object?>(JoinResult.Rejected(SignalingErrors.RateLimited));
        }

        return call == SignalingCalls.Relay
            ? RefuseRelayAsync(hub)
            : ValueTask.FromResult<object?>(SignalingResult.Fail(SignalingErrors.RateLimited));
    }

    private static async ValueTask<object?> RefuseRelayAsync(SignalingHub hub)
    {
        await hub.Connection.Caller.Refused(new RefusedCall(SignalingCalls.Relay, SignalingErrors.RateLimited));
        return null;
    }
}
