namespace Parley.Server.Tests.TestUtils;

/// <summary>
/// Tests that flood a server run alone, after all others: their load would slow the others' calls, and an in-process
/// server's /metrics also gathers the same-named meters of every other server in the process, so only alone do its
/// numbers belong to it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunAlone
{
    public const string Name = "run alone";
}
