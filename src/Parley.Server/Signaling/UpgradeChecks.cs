using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Parley.Server.Proxy;
using Parley.Signaling.Abuse;
using Parley.Signaling.Sockets;

namespace Parley.Server.Signaling;

/// <summary>
/// The checks the HTTP pipeline makes before it upgrades a request to the signaling socket, made again on a request
/// head read below HTTP with ASP.NET Core's own code: a trusted proxy's forwarded address
/// (<see cref="ForwardedHeadersMiddleware"/>, as <see cref="ProxyServiceCollectionExtensions"/> sets it up), then
/// <see cref="SignalingAdmission"/>'s origin check and per-address room. The context built for them lives only as
/// long as the checks.
/// </summary>
internal sealed class UpgradeChecks(IServiceProvider services, TrustedProxies proxies, IOptions<ForwardedHeadersOptions> forwarded, ILoggerFactory loggers)
{
    private readonly ForwardedHeadersMiddleware _forwarded = new(static _ => Task.CompletedTask, loggers, forwarded);

    /// <summary>
    /// Whether the HTTP path would upgrade this request, and the client's address and requested host it would see.
    /// </summary>
    public (bool Admitted, IPAddress? Client, string RequestHost) Admit(ConnectionContext connection, UpgradeRequestHead head, bool https)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        if (connection.RemoteEndPoint is IPEndPoint remote)
        {
            context.Connection.RemoteIpAddress = remote.Address;
            context.Connection.RemotePort = remote.Port;
        }

        if (connection.LocalEndPoint is IPEndPoint local)
        {
            context.Connection.LocalIpAddress = local.Address;
            context.Connection.LocalPort = local.Port;
        }

        var request = context.Request;
        request.Method = HttpMethods.Get;
        request.Scheme = https ? Uri.UriSchemeHttps : Uri.UriSchemeHttp;
        request.Path = SocketEndpoint.Path;
        request.Headers.Host = head.Host;
        if (head.Origin is not null)
        {
            request.Headers.Origin = head.Origin;
        }

        if (proxies.Any)
        {
            request.Headers[ForwardedHeadersDefaults.XForwardedForHeaderName] = head.ForwardedFor.ToArray();
            request.Headers[ForwardedHeadersDefaults.XForwardedProtoHeaderName] = head.ForwardedProto.ToArray();
            _forwarded.ApplyForwarders(context);
        }

        return (SignalingAdmission.Admits(context), context.Connection.RemoteIpAddress, request.Host.Host);
    }
}
