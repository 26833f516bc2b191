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
            var publicOrigin = endpoint.ApplicationServices.GetRequiredService<IOptions<SignalingOptions>>().Value.PublicOrigin;
            var tracker = endpoint.ApplicationServices.GetRequiredService<ClientAddressTracker>();
            endpoint.RequestDelegate = context => Admit(context, options, publicOrigin, tracker) is { } refusal
                ? Results.Text(refusal.Message, statusCode: refusal.Status).ExecuteAsync(context)
                : inner(context);
        });
        return builder;
    }

    /// <summary>
    /// Whether the upgrade request of <paramref name="context"/> passes the checks this endpoint's filter makes, for a
    /// host that accepts the socket itself and leaves every refusal to the endpoint (its services from <c>RequestServices</c>).
    /// </summary>
    public static bool Admits(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.RequestServices;
        return Admit(context, services.GetRequiredService<IOptions<AbuseOptions>>().Value,
            services.GetRequiredService<IOptions<SignalingOptions>>().Value.PublicOrigin, services.GetRequiredService<ClientAddressTracker>()) is null;
    }

    private static (int Status, string Message)? Admit(HttpContext context, AbuseOptions options, string? publicOrigin, ClientAddressTracker tracker)
    {
        if (!IsAllowedOrigin(context.Request, options, publicOrigin))
        {
            return (StatusCodes.Status403Forbidden, "This page's origin may not use this signaling server.");
        }

        return tracker.HasRoomFor(ClientAddress.From(context.Connection.RemoteIpAddress))
            ? null
            : (StatusCodes.Status429TooManyRequests, TooManyConnectionsMessage);
    }

    private const string TooManyConnectionsMessage = "Too many connections from this address; close some tabs or retry later.";

    /// <summary>The 429 of a client over its connection cap, for a refusal the early check above did not catch.</summary>
    internal static Task RefuseTooManyConnections(HttpContext context) =>
        Results.Text(TooManyConnectionsMessage, statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context);

    /// <summary>
    /// No Origin means no browser (browsers always send it on a WebSocket). With a public origin configured, same
    /// origin means that one, scheme and port included. Without one, the page's origin is compared with the Host header
    /// by host and port, so a TLS-terminating proxy in front does not break it; a DNS rebinding page passes that test
    /// (its Host matches its origin), which is why a node on a public name should set the public origin.
    /// </summary>
    private static bool IsAllowedOrigin(HttpRequest request, AbuseOptions options, string? publicOrigin)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        if (publicOrigin is not null)
        {
            if (SignalingOptions.TryParseOrigin(origin, out var page) && SignalingOptions.TryParseOrigin(publicOrigin, out var own)
                && Uri.Compare(page, own, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
            {
                return true;
            }
        }
        else if (Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.IsDefaultPort ? uri.Host : uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return options.AllowedOrigins.Any(allowed => allowed == "*"
            || string.Equals(allowed.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase));
    }
}
