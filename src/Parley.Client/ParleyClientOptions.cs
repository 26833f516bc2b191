using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Parley.Client;

/// <summary>How a <see cref="ParleyClient"/> connects.</summary>
public sealed class ParleyClientOptions
{
    /// <summary>
    /// The <c>Origin</c> header of the WebSocket upgrade, e.g. <c>https://call.example.org</c>; null sends none. A
    /// server refuses origins it does not allow (HTTP 403); a client without one is taken for a program, not a page.
    /// </summary>
    public string? Origin { get; set; }

    /// <summary>
    /// What the WebSocket upgrade is sent through: a <see cref="System.Net.Http.SocketsHttpHandler"/> with a proxy, a
    /// client certificate or a bound source address. Null uses the default; the client does not dispose it.
    /// </summary>
    public HttpMessageInvoker? HttpInvoker { get; set; }

    /// <summary>The clock of the reconnect schedule (a fake one in tests).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where the client logs reconnects, given-up connections and messages it cannot read.</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;
}
