using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Parley.Bench.FloorWs;

// Measurement anchor for bench/signaling (floor-dotnet variants), not product code: what a bare WebSocket relay
// with the tutorial's semantics costs on this machine. Switches come from environment variables (FloorOptions).
var options = FloorOptions.Read(args);
var rooms = new Rooms();
if (options.Transport == TransportKind.Socket)
{
    await SocketEndpoint.RunAsync(rooms, options);
    return;
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, options.Port);
});
builder.Services.Configure<SocketTransportOptions>(sockets =>
{
    sockets.UnsafePreferInlineScheduling = options.InlineScheduling;
    if (options.IoQueueCount is { } ioQueues)
    {
        sockets.IOQueueCount = ioQueues;
    }
});

var app = builder.Build();
app.Run(context => KestrelEndpoint.HandleAsync(context, rooms, options));
Console.WriteLine($"floor relay (Kestrel, {options}) listening on ws://127.0.0.1:{options.Port}/ws");
await app.RunAsync();
