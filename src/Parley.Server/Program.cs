using Parley.Server;
using Parley.Server.Health;
using Parley.Server.Operations;
using Parley.Server.Tls;

if (args.Length > 0 && args[0] == CertificateCommand.Name)
{
    return CertificateCommand.Run(args[1..], Console.Out, Console.Error);
}


// The TURN relay's async socket loops (TCP clients; every relay off Linux, where UDP relaying has its own epoll
// threads) never block, so their completions may run on the socket event thread instead of hopping to the thread
// pool: that cuts the CPU per relayed packet several times over (bench/turn). Kestrel still
// hands requests to the thread pool. The runtime reads this once, before the first socket, and only from the
// environment; an operator's own setting wins.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

// appsettings*.json are read once, at start: watching them for changes watches the working directory and every
// directory below it with inotify (in a container, /): run from a source tree, about 80 of the native build's 300 ms
// of CPU time to readiness (bench/startup). Parley reads nothing from a reloaded file anyway. An operator's own
// setting wins.
if (Environment.GetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
}

var app = ParleyApplication.Create(args);
await app.StartAsync();

// The readiness checks run once now, not only on the first probe: a probe that comes meanwhile shares this run (the
// relay self-test's result is kept). What follows waits until the node is ready and a second more, so the first probes
// are answered before it: run at once, the collection and the page release added 70 ms of CPU time before the first
// 200 from /readyz (bench/startup). A shutdown meanwhile ends the wait and skips both.
try
{
    await app.CheckReadinessAsync(app.Lifetime.ApplicationStopping);
    await Task.Delay(TimeSpan.FromSeconds(1), app.Lifetime.ApplicationStopping);

    // Building the host (configuration, services, Kestrel, routes) leaves its garbage in memory the GC has touched and
    // keeps until later allocations fill it again, which an idle node never does. One full compacting collection once
    // everything listens hands those pages back to the system: bench/startup, the native build's idle RSS.
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    StartupPageRelease.Run(app.Configuration, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupPageRelease)));
}
catch (OperationCanceledException) when (app.Lifetime.ApplicationStopping.IsCancellationRequested)
{
    // Stopping before the node settled: nothing is left to release.
}

await app.WaitForShutdownAsync();
return 0;
