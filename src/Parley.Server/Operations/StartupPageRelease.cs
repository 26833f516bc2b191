using System.Globalization;
using System.Runtime.InteropServices;

namespace Parley.Server.Operations;

/// <summary>
/// Once the node is ready, tells Linux that the pages of the executable and the libraries start-up read can go
/// (<c>madvise(MADV_PAGEOUT)</c>, Linux 5.4+). Starting runs code and reads data an idle node never touches again, and
/// the kernel maps file pages around every fault, so nearly all of a native build stays resident: 20 of its 42 MiB at
/// rest (bench/README.md, section 6). Only clean file pages that no other process maps are reclaimed, and only as
/// memory: whatever the node runs next is read back from the file on first use. Pages the process wrote (relocations,
/// data) are anonymous and stay, so nothing the process sees changes. Switched off with <see cref="SettingKey"/>.
/// </summary>
internal static partial class StartupPageRelease
{
    public const string SettingKey = "Memory:ReleaseStartupPages";

    // Linux's <asm-generic/mman-common.h>.
    private const int MadvisePageOut = 21;
    private const int ErrorInvalidArgument = 22;

    /// <summary>
    /// What one release did: the mappings advised and, when <see cref="LogLevel.Debug"/> is on for the logger, the
    /// process's file-backed RSS before and after (null otherwise: nothing else needs the two reads of /proc).
    /// </summary>
    public sealed record Outcome(int Mappings, FileRss? FileRssKib);

    /// <summary>RssFile of /proc/self/status in KiB, before and after the release.</summary>
    public sealed record FileRss(long Before, long After);

    /// <summary>Releases the pages when this is Linux and the setting allows; logs what it did at Debug.</summary>
    public static Outcome? Run(IConfiguration configuration, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(logger);
        if (!OperatingSystem.IsLinux() || !configuration.GetValue(SettingKey, defaultValue: true))
        {
            return null;
        }

        bool measured = logger.IsEnabled(LogLevel.Debug);
        long before = measured ? ReadFileRss() : 0;
        int advised = 0;
        foreach (var (start, length) in ReadOnlyFileMappings(File.ReadLines("/proc/self/maps")))
        {
            if (Madvise(start, length, MadvisePageOut) == 0)
            {
                advised++;
            }
            else if (Marshal.GetLastPInvokeError() == ErrorInvalidArgument && advised == 0)
            {
                // A kernel before 5.4 does not know the advice: nothing to release here.
                LogUnsupported(logger);
                return null;
            }
        }

        if (!measured)
        {
            return new Outcome(advised, null);
        }

        var fileRss = new FileRss(before, ReadFileRss());
        LogReleased(logger, advised, fileRss.Before, fileRss.After);
        return new Outcome(advised, fileRss);
    }

    /// <summary>
    /// Private, read-only mappings of files (code and read-only data of the executable and its libraries), from lines
    /// of /proc/PID/maps: <c>start-end perms offset dev inode path</c>. Writable ones hold the process's own data.
    /// </summary>
    internal static IEnumerable<(nint Start, nuint Length)> ReadOnlyFileMappings(IEnumerable<string> maps)
    {
        foreach (string line in maps)
        {
            string[] fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || !fields[5].StartsWith('/') || fields[5].EndsWith(" (deleted)", StringComparison.Ordinal)
                || fields[1].Length != 4 || fields[1][1] == 'w' || fields[1][3] != 'p')
            {
                continue;
            }

            int dash = fields[0].IndexOf('-', StringComparison.Ordinal);
            if (dash > 0
                && ulong.TryParse(fields[0].AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong start)
                && ulong.TryParse(fields[0].AsSpan(dash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong end)
                && end > start)
            {
                yield return ((nint)start, (nuint)(end - start));
            }
        }
    }

    /// <summary>RssFile of /proc/self/status in KiB: the file pages this process has resident.</summary>
    private static long ReadFileRss()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("RssFile:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(8).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(nint start, nuint length, int advice);

    [LoggerMessage(96, LogLevel.Debug, "Released start-up pages of {Mappings} read-only file mappings: resident file pages {BeforeKib} KiB before, {AfterKib} KiB after.", EventName = "StartupPagesReleased")]
    private static partial void LogReleased(ILogger logger, int mappings, long beforeKib, long afterKib);

    [LoggerMessage(97, LogLevel.Debug, "Start-up pages are not released: this kernel does not know MADV_PAGEOUT (Linux 5.4+).", EventName = "StartupPagesNotReleased")]
    private static partial void LogUnsupported(ILogger logger);
}
