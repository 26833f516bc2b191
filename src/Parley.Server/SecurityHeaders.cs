namespace Parley.Server;

/// <summary>
/// The browser-side defences sent with every answer: a Content-Security-Policy that lets the web app load only its
/// own scripts and styles and talk only to its own origin (WebSocket signaling included), never be framed, and show
/// media and received files only from <c>blob:</c> URLs; no MIME sniffing; no referrer (a room link is an invitation);
/// and HSTS on HTTPS, the scheme a trusted proxy reported included.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// 'self' covers ws: and wss: to the page's own host and port (CSP Level 3), where the signaling socket is; blob:
    /// lets the page read back a received file it assembled itself (as the file tests do to check its hash).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; " +
        "connect-src 'self' blob:; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>A year, renewed with every answer; no includeSubDomains, since Parley does not own its parent domain.</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    public static WebApplication UseParleySecurityHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = StrictTransportSecurity;
            }

            return next(context);
        });
        return app;
    }
}
