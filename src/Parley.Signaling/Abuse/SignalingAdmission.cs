using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Parley.Signaling.Abuse;

/// <summary>
/// Guards the signaling socket's WebSocket upgrade: a foreign Origin gets 403 and a client over its connection cap gets
/// 429, before any connection state exists.
/// </summary>
public static class SignalingAdmission
{
    public static TBuilder RequireSignalingAdmission<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(endpoint =>
        {
            var inner = endpoint.RequestDelegate!;
            var options = endpoint.ApplicationServices.GetRequiredService<IOptions<AbuseOptions>>().Value;
            var tracker = endpoint.ApplicationServices.GetRequiredService<ClientAddressTracker>();
            endpoint.RequestDelegate = context => Admit(context, options, tracker) is { } refusal
                ? Results.Text(refusal.Message, statusCode: refusal.Status).ExecuteAsync(context)
                : inner(context);
        });
        return builder;
    }

    private static (int Status, string Message)? Admit(HttpContext context, AbuseOptions options, ClientAddressTracker tracker)
    {
        if (!IsAllowedOrigin(context.Request, options))
        {
            return (StatusCodes.Status403Forbidden, "This page's origin may not use this signaling server.");
        }

        return tracker.HasRoomFor(ClientAddress.From(context.Connection.RemoteIpAddress))
            ? null
            : (StatusCodes.Status429TooManyRequests, "Too many connections from this address; close some tabs or retry later.");
    }

    /// <summary>
    /// No Origin means no browser (browsers always send it on a WebSocket). Same origin is compared by host and port,
    /// so a TLS-terminating proxy in front does not break it.
    /// </summary>
    private static bool IsAllowedOrigin(HttpRequest request, AbuseOptions options)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        if (Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.IsDefaultPort ? uri.Host : uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return options.AllowedOrigins.Any(allowed => allowed == "*"
            || string.Equals(allowed.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase));
    }
}
