using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Parley.Server.Operations;

namespace Parley.Server.Tests;

/// <summary>Which mappings the start-up page release advises, on the test process itself, which runs on with its code read back.</summary>
public sealed class StartupPageReleaseTests
{
    [Fact]
    public void OnlyPrivateReadOnlyMappingsOfFiles_AreReleased()
    {
        string[] maps =
        [
            "55b1be84d000-55b1be874000 r--p 00000000 fe:00 11690054                   /opt/parley/parley",
            "55b1be874000-55b1bf3eb000 r-xp 00027000 fe:00 11690054                   /opt/parley/parley",
            "55b1bfe87000-55b1bfeda000 rw-p 01639000 fe:00 11690054                   /opt/parley/parley",
            "7f0000000000-7f0000001000 r--s 00000000 00:01 2049                       /dev/shm/shared",
            "7f0000002000-7f0000003000 r--p 00000000 00:00 0                          [vvar]",
            "7f0000004000-7f0000005000 r-xp 00000000 00:00 0 ",
            "7f0000006000-7f0000007000 r-xp 00000000 00:01 4097                       /memfd:doublemapper (deleted)",
            "7f0000008000-7f000000a000 r-xp 00000000 fe:00 42                         /usr/lib/a path with spaces.so",
        ];

        var mappings = StartupPageRelease.ReadOnlyFileMappings(maps).ToList();

        Assert.Equal(
            [(0x55b1be84d000, 0x27000u), (0x55b1be874000, 0xb77000u), (0x7f0000008000, 0x2000u)],
            mappings.Select(m => ((long)m.Start, (ulong)m.Length)));
    }

    [Fact]
    public void Release_AdvisesTheFileMappingsOfThisProcess_WithoutReadingItsRss_WhenDebugIsOff()
    {
        var on = new ConfigurationBuilder().Build();

        var outcome = StartupPageRelease.Run(on, NullLogger.Instance);

        Assert.True(outcome is { Mappings: > 0, FileRssKib: null }, $"no mapping of this test process was advised, or its RSS was read for nothing: {outcome}");
    }

    [Fact]
    public void Release_LogsTheResidentFilePagesBeforeAndAfter_WhenDebugIsOn()
    {
        var on = new ConfigurationBuilder().Build();
        var logger = new DebugLogger();

        var outcome = StartupPageRelease.Run(on, logger);

        var fileRss = outcome?.FileRssKib;
        Assert.True(outcome is { Mappings: > 0 } && fileRss is { Before: > 0 }, $"the release measured no resident file pages: {outcome}");
        var logged = Assert.Single(logger.Messages);
        Assert.Contains($"{fileRss.Before} KiB before, {fileRss.After} KiB after", logged, StringComparison.Ordinal);
    }

    [Fact]
    public void Release_IsSwitchedOff_BySetting()
    {
        var off = new ConfigurationBuilder().AddInMemoryCollection([new(StartupPageRelease.SettingKey, "false")]).Build();

        Assert.Null(StartupPageRelease.Run(off, NullLogger.Instance));
    }

    /// <summary>Keeps what is logged at Debug and above.</summary>
    private sealed class DebugLogger : ILogger
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}
