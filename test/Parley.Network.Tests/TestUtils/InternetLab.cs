using System.Globalization;

namespace Parley.Network.Tests.TestUtils;

/// <summary>
/// A small internet in network namespaces. The "public" side uses the documentation ranges 203.0.113.0/24 (the
/// Parley server at <see cref="ServerAddress"/>) and 198.51.100.0/24 (the home routers' public addresses), joined by
/// an internet router that knows no private range. Behind each home router is a private LAN with its own NAT:
/// <list type="bullet">
/// <item>192.168.1.0/24 behind a cone NAT: <see cref="HomeA1"/> and <see cref="HomeA2"/>;</item>
/// <item>192.168.2.0/24 behind another cone NAT: <see cref="HomeB"/>;</item>
/// <item>192.168.3.0/24 behind a symmetric NAT: <see cref="Symmetric"/>;</item>
/// <item>192.168.4.0/24 behind a firewall letting out only TCP to the server's TLS port: <see cref="Firewalled"/>.</item>
/// </list>
/// </summary>
public sealed class InternetLab : IAsyncDisposable
{
    public const string ServerAddress = "203.0.113.10";

    private readonly NamespaceSet _namespaces = new();

    private InternetLab()
    {
    }

    public LabHost Server { get; private set; } = null!;

    public LabHost HomeA1 { get; private set; } = null!;

    public LabHost HomeA2 { get; private set; } = null!;

    public LabHost HomeB { get; private set; } = null!;

    public LabHost Symmetric { get; private set; } = null!;

    public LabHost Firewalled { get; private set; } = null!;

    /// <summary>Builds the lab; <paramref name="tlsPort"/> is the only port the firewalled LAN may reach.</summary>
    public static async Task<InternetLab> BuildAsync(int tlsPort)
    {
        await NamespaceSet.RemoveLeftoversAsync();
        var lab = new InternetLab();
        try
        {
            await lab.BuildInternetAsync();
            var homeA = await lab.AddHomeAsync("a", 1, HomeRouter.ConeNat, tlsPort, "a1", "a2");
            (lab.HomeA1, lab.HomeA2) = (homeA[0], homeA[1]);
            lab.HomeB = (await lab.AddHomeAsync("b", 2, HomeRouter.ConeNat, tlsPort, "b"))[0];
            lab.Symmetric = (await lab.AddHomeAsync("s", 3, HomeRouter.SymmetricNat, tlsPort, "s"))[0];
            lab.Firewalled = (await lab.AddHomeAsync("f", 4, HomeRouter.TlsOnlyFirewall, tlsPort, "f"))[0];
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _namespaces.DisposeAsync();

    private async Task BuildInternetAsync()
    {
        var internet = await _namespaces.AddAsync("net");
        await EnableForwardingAsync(internet);

        var server = await _namespaces.AddAsync("srv");
        await NamespaceSet.LinkAsync(internet, NamespaceSet.Interface("srv"), server, NamespaceSet.Interface("eth"));
        await NetCommand.IpAsync("-n", internet, "addr", "add", "203.0.113.1/24", "dev", NamespaceSet.Interface("srv"));
        await NetCommand.IpAsync("-n", server, "addr", "add", ServerAddress + "/24", "dev", NamespaceSet.Interface("eth"));
        await NetCommand.IpAsync("-n", server, "route", "add", "default", "via", "203.0.113.1");
        Server = new LabHost("server", server, ServerAddress);

        // The segment where the home routers' public addresses live, like an ISP's access network.
        var wan = NamespaceSet.Interface("wan");
        await NetCommand.IpAsync("-n", internet, "link", "add", wan, "type", "bridge");
        await NetCommand.IpAsync("-n", internet, "addr", "add", "198.51.100.1/24", "dev", wan);
        await NetCommand.IpAsync("-n", internet, "link", "set", wan, "up");
    }

    /// <summary>A home router at 198.51.100.1<paramref name="index"/> with LAN 192.168.<paramref name="index"/>.0/24 and its hosts.</summary>
    private async Task<List<LabHost>> AddHomeAsync(string name, int index, HomeRouter kind, int tlsPort, params string[] hosts)
    {
        var i = index.ToString(CultureInfo.InvariantCulture);
        var internet = NamespaceSet.Namespace("net");
        var router = await _namespaces.AddAsync("r" + name);
        await EnableForwardingAsync(router);

        var port = NamespaceSet.Interface("r" + name);
        var wan = NamespaceSet.Interface("wan");
        await NamespaceSet.LinkAsync(internet, port, router, wan);
        await NetCommand.IpAsync("-n", internet, "link", "set", port, "master", NamespaceSet.Interface("wan"));
        await NetCommand.IpAsync("-n", router, "addr", "add", $"198.51.100.1{i}/24", "dev", wan);
        await NetCommand.IpAsync("-n", router, "route", "add", "default", "via", "198.51.100.1");

        var lan = NamespaceSet.Interface("lan");
        await NetCommand.IpAsync("-n", router, "link", "add", lan, "type", "bridge");
        await NetCommand.IpAsync("-n", router, "addr", "add", $"192.168.{i}.1/24", "dev", lan);
        await NetCommand.IpAsync("-n", router, "link", "set", lan, "up");
        await ApplyRulesAsync(router, NatRules.For(kind, wan, lan, ServerAddress, tlsPort));

        var added = new List<LabHost>();
        for (var h = 0; h < hosts.Length; h++)
        {
            var host = await _namespaces.AddAsync(hosts[h]);
            var hostPort = NamespaceSet.Interface(hosts[h]);
            var eth = NamespaceSet.Interface("eth");
            await NamespaceSet.LinkAsync(router, hostPort, host, eth);
            await NetCommand.IpAsync("-n", router, "link", "set", hostPort, "master", lan);
            var address = $"192.168.{i}.{(10 + h).ToString(CultureInfo.InvariantCulture)}";
            await NetCommand.IpAsync("-n", host, "addr", "add", address + "/24", "dev", eth);
            await NetCommand.IpAsync("-n", host, "route", "add", "default", "via", $"192.168.{i}.1");
            added.Add(new LabHost(hosts[h], host, address));
        }

        return added;
    }

    private static async Task EnableForwardingAsync(string ns) =>
        await NetCommand.InNamespaceAsync(ns, "/usr/sbin/sysctl", "-qw", "net.ipv4.ip_forward=1");

    private static async Task ApplyRulesAsync(string ns, string rules)
    {
        var file = Path.Combine(Path.GetTempPath(), $"{ns}.nft");
        await File.WriteAllTextAsync(file, rules);
        try
        {
            await NetCommand.InNamespaceAsync(ns, NetCommand.Nft, "-f", file);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
