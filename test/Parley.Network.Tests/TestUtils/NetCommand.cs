namespace Parley.Network.Tests.TestUtils;

/// <summary>Runs iproute2's <c>ip</c> and <c>nft</c>, failing with what they printed when they fail.</summary>
internal static class NetCommand
{
    public const string Ip = "/usr/sbin/ip";
    public const string Nft = "/usr/sbin/nft";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static Task<string> IpAsync(params string[] arguments) => RunAsync(Ip, arguments);

    /// <summary>Runs <paramref name="program"/> inside network namespace <paramref name="ns"/>.</summary>
    public static Task<string> InNamespaceAsync(string ns, string program, params string[] arguments) =>
        RunAsync(Ip, ["netns", "exec", ns, program, .. arguments]);

    private static async Task<string> RunAsync(string program, string[] arguments)
    {
        var (exitCode, output) = await ExternalTool.RunAsync(Timeout, program, arguments);
        Assert.True(exitCode == 0, $"'{Path.GetFileName(program)} {string.Join(' ', arguments)}' failed with exit code {exitCode}:\n{output}");
        return output;
    }
}
