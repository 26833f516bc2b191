namespace Parley.Turn.Fuzz;

/// <summary>The targets by name, as fuzz/run.sh and the corpus folders call them.</summary>
public static class FuzzTargets
{
    public const string Stun = "stun";
    public const string Framing = "framing";
    public const string Router = "router";

    public static readonly IReadOnlyList<string> Names = [Stun, Framing, Router];

    public static async Task<Instance> CreateAsync(string name) => name switch
    {
        Stun => new Instance(StunDecoderTarget.Run, null),
        Framing => new Instance(FramingTarget.Run, null),
        Router => await CreateRouterAsync().ConfigureAwait(false),
        _ => throw new ArgumentException($"no fuzz target '{name}'; there are {string.Join(", ", Names)}", nameof(name)),
    };

    private static async Task<Instance> CreateRouterAsync()
    {
        RouterTarget router = await RouterTarget.StartAsync().ConfigureAwait(false);
        return new Instance(router.Run, router);
    }

    /// <summary>A target and, for the router, the server it owns.</summary>
    public sealed class Instance(FuzzTarget target, RouterTarget? router) : IAsyncDisposable
    {
        public FuzzTarget Target { get; } = target;

        public RouterTarget? Router { get; } = router;

        public ValueTask DisposeAsync() => Router?.DisposeAsync() ?? default;
    }
}
