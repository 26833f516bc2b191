using System.Diagnostics;

namespace Parley.Turn.Fuzz;

/// <summary>What a bounded in-process fuzz session did, and the first input that broke a target, if any.</summary>
public sealed record FuzzSessionResult(int Executions, byte[]? CrashInput, Exception? Crash);

/// <summary>
/// The in-process fuzz loop: every seed once, then mutations of each seed, until a count or a time budget runs out.
/// Coverage-blind, unlike AFL, but needs nothing installed, so it runs in the test command.
/// </summary>
public static class FuzzSession
{
    public static FuzzSessionResult Run(FuzzTarget target, IReadOnlyList<byte[]> seeds, int mutationsPerSeed, TimeSpan budget, int randomSeed)
    {
        var mutator = new Mutator(randomSeed);
        var clock = Stopwatch.StartNew();
        int executions = 0;
        foreach (byte[] seed in seeds)
        {
            if (TryRun(target, seed, ref executions) is { } crash)
            {
                return new FuzzSessionResult(executions, seed, crash);
            }
        }

        for (int round = 0; round < mutationsPerSeed && clock.Elapsed < budget; round++)
        {
            for (int i = 0; i < seeds.Count; i++)
            {
                byte[] input = mutator.Mutate(seeds[i], seeds[(i + round + 1) % seeds.Count]);
                if (TryRun(target, input, ref executions) is { } crash)
                {
                    return new FuzzSessionResult(executions, input, crash);
                }
            }
        }

        return new FuzzSessionResult(executions, null, null);
    }

    /// <summary>Every file of a corpus folder, in name order so sessions are reproducible.</summary>
    public static List<byte[]> LoadCorpus(string directory) =>
        [.. Directory.GetFiles(directory).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];

    private static Exception? TryRun(FuzzTarget target, byte[] input, ref int executions)
    {
        executions++;
        try
        {
            target(input);
            return null;
        }
#pragma warning disable CA1031 // Any exception escaping a target is the finding this loop exists to report.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e;
        }
    }
}
