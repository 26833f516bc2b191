using Parley.Turn.Fuzz;
using Parley.Turn.Stun;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Fuzz;

/// <summary>
/// The short fuzz session of the test command: each target replays its corpus (fuzz/corpus/TARGET) and a bounded
/// number of mutations of every seed (at most a few seconds each); no exception may escape, and the router's real
/// server must still answer a Binding afterwards. Long, coverage-guided runs: fuzz/run.sh (fuzz/README.md).
/// </summary>
[Collection(RunsAlone.Name)]
public class FuzzSessionTests
{
    private const int MutationsPerSeed = 40_000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(FuzzTargets.Stun)]
    [InlineData(FuzzTargets.Framing)]
    public async Task CorpusAndMutations_NeverThrow(string name)
    {
        await using FuzzTargets.Instance instance = await FuzzTargets.CreateAsync(name);

        FuzzSessionResult result = FuzzSession.Run(instance.Target, Corpus(name), MutationsPerSeed, Budget, randomSeed: 5769);

        Assert.True(result.Crash is null, Describe(name, result));
    }

    [Fact]
    public async Task Router_CorpusAndMutations_NeverThrow_AndTheServerStillAnswersABinding()
    {
        await using FuzzTargets.Instance instance = await FuzzTargets.CreateAsync(FuzzTargets.Router);

        FuzzSessionResult result = FuzzSession.Run(instance.Target, Corpus(FuzzTargets.Router), MutationsPerSeed, Budget, randomSeed: 8656);

        Assert.True(result.Crash is null, Describe(FuzzTargets.Router, result));
        Assert.True(instance.Router!.SuccessResponses > 0, "no fuzz input got past authentication: the router session only exercised the error paths");
        await using TurnTestClient client = await TurnTestClient.ConnectAsync(instance.Router.Server, tcp: false);
        StunTestMessage binding = await client.RequestAsync(TurnTestClient.Build(StunMethod.Binding, StunClass.Request));
        Assert.Equal(StunClass.SuccessResponse, binding.Type.Class);
    }

    [Fact]
    public void EveryTarget_HasASeedCorpus()
    {
        foreach (string name in FuzzTargets.Names)
        {
            Assert.True(Corpus(name).Count >= 4, $"fuzz/corpus/{name} holds fewer than 4 seeds");
        }
    }

    private static List<byte[]> Corpus(string name) => FuzzSession.LoadCorpus(Path.Combine(RepositoryRoot(), "fuzz", "corpus", name));

    private static string Describe(string name, FuzzSessionResult result) =>
        $"{name}: input {Convert.ToHexString(result.CrashInput ?? [])} threw after {result.Executions} executions: {result.Crash}";

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Parley.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Parley.slnx above {AppContext.BaseDirectory}");
    }
}

/// <summary>The fuzz sessions keep both cores busy: they run alone, so timing-sensitive tests do not share the machine with them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "fuzz sessions";
}
