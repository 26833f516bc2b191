using System.Globalization;
using SharpFuzz;

namespace Parley.Turn.Fuzz;

/// <summary>
/// <c>Parley.Turn.Fuzz TARGET</c>: run under afl-fuzz (SharpFuzz persistent mode, inputs on stdin).
/// <c>Parley.Turn.Fuzz TARGET --mutate SECONDS CORPUS [FINDINGS]</c>: the in-process mutation loop, no AFL needed;
/// a crashing input is written to FINDINGS. <c>Parley.Turn.Fuzz TARGET --replay FILE...</c>: run inputs once.
/// TARGET is stun, framing or router. See fuzz/README.md.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || !FuzzTargets.Names.Contains(args[0]))
        {
            await Console.Error.WriteLineAsync($"usage: Parley.Turn.Fuzz <{string.Join('|', FuzzTargets.Names)}> [--mutate SECONDS CORPUS [FINDINGS] | --replay FILE...]").ConfigureAwait(false);
            return 2;
        }

        if (args.Length == 1 || args[1] == "--afl")
        {
            RunUnderAfl(args[0]);
            return 0;
        }

        await using FuzzTargets.Instance instance = await FuzzTargets.CreateAsync(args[0]).ConfigureAwait(false);
        FuzzTarget target = instance.Target;
        switch (args[1])
        {
            case "--replay":
                foreach (string file in args.Skip(2))
                {
                    target(await File.ReadAllBytesAsync(file).ConfigureAwait(false));
                    Console.WriteLine($"{file}: ok");
                }

                return 0;

            case "--mutate" when args.Length >= 4:
                return Mutate(args[0], target, double.Parse(args[2], CultureInfo.InvariantCulture), args[3], args.Length > 4 ? args[4] : null);

            default:
                await Console.Error.WriteLineAsync($"unknown mode {args[1]}").ConfigureAwait(false);
                return 2;
        }
    }

    /// <summary>
    /// SharpFuzz persistent mode. Instrumented code may only run once Fuzzer.Run has mapped AFL's coverage memory,
    /// so the target (the router builds a whole server) is created inside the first call; it then lives, like a
    /// server, across inputs. The process ends when AFL stops it.
    /// </summary>
    private static void RunUnderAfl(string name)
    {
        FuzzTargets.Instance? instance = null;
        Fuzzer.Run(stream =>
        {
            instance ??= FuzzTargets.CreateAsync(name).GetAwaiter().GetResult();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            instance.Target(copy.ToArray());
        });
    }

    private static int Mutate(string name, FuzzTarget target, double seconds, string corpus, string? findings)
    {
        FuzzSessionResult result = FuzzSession.Run(target, FuzzSession.LoadCorpus(corpus), int.MaxValue, TimeSpan.FromSeconds(seconds), Environment.TickCount);
        Console.WriteLine($"{name}: {result.Executions} executions in {seconds:F0} s");
        if (result.Crash is null)
        {
            return 0;
        }

        Console.WriteLine($"{name}: CRASH {result.Crash}");
        if (findings is not null)
        {
            Directory.CreateDirectory(findings);
            string path = Path.Combine(findings, $"crash-{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(result.CrashInput!))[..16]}");
            File.WriteAllBytes(path, result.CrashInput!);
            Console.WriteLine($"{name}: input saved to {path}");
        }

        return 1;
    }
}
