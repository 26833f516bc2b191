using System.Diagnostics.Metrics;
using Parley.Turn.Transports;

namespace Parley.Turn.Tests.TestUtils;

/// <summary>
/// Tests of what the server's socket I/O does, run on both of its paths: a derived class declares two nested classes,
/// <c>Batched</c> and <c>Portable</c>, each passing its <see cref="Transports.IoPath"/>, and xunit runs every test of the
/// class once in each (<c>RelayTests+Portable.…</c>). The portable path is what runs where the batched Linux calls
/// cannot, so without this it would run nowhere the tests do.
/// </summary>
public abstract class IoPathTests
{
    private protected IoPathTests(IoPath ioPath) => IoPath = ioPath;

    private protected IoPath IoPath { get; }

    /// <summary>A <see cref="TurnServerFixture"/> on this class's path.</summary>
    private protected Task<TurnServerFixture> StartAsync(Action<TurnServerOptions>? configure = null, IMeterFactory? meters = null) =>
        TurnServerFixture.StartAsync(options =>
        {
            options.IoPath = IoPath;
            configure?.Invoke(options);
        }, meters);
}
