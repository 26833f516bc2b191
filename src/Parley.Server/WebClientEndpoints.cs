using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Parley.Server;

/// <summary>Serves the built React client and its client-side routes.</summary>
public static class WebClientEndpoints
{
    /// <summary>Paths the client routes itself; each is answered with index.html.</summary>
    private static readonly string[] ClientRoutes = ["/r/{room}", "/diagnostics"];

    public static WebApplication UseWebClient(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // The client is embedded in the assembly at build time: one file to ship, found wherever the process starts.
        app.Environment.WebRootFileProvider = new ManifestEmbeddedFileProvider(typeof(WebClientEndpoints).Assembly, "wwwroot");
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                // Vite puts a content hash in every asset name under /assets; everything else may change.
                var headers = context.Context.Response.GetTypedHeaders();
                headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets")
                    ? new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromDays(365), Extensions = { new("immutable") } }
                    : new CacheControlHeaderValue { NoCache = true };
            },
        });

        foreach (var route in ClientRoutes)
        {
            app.MapFallbackToFile(route, "index.html");
        }

        return app;
    }
}
