using System.Net;
using System.Net.NetworkInformation;
using Parley.Turn.Stun;

namespace Parley.Turn.Allocations;

/// <summary>
/// The addresses that reach this node itself: loopback and the unspecified address (Linux delivers both locally),
/// every address on its interfaces (read again whenever they change) and the configured listen and relay
/// addresses, public ones included. A peer address among them would make the relay a way into the node's own
/// services past its firewall, or nest an allocation inside another. Lookups allocate nothing.
/// </summary>
internal sealed class OwnAddresses : IDisposable
{
    private readonly TransportAddress[] _configured;
    private readonly bool _watchInterfaces;
    private TransportAddress[] _all;

    /// <param name="configured">Addresses of this node that its interfaces may not show (a public address behind 1:1 NAT).</param>
    /// <param name="watchInterfaces">Also count every interface address, now and after each change.</param>
    public OwnAddresses(IEnumerable<IPAddress> configured, bool watchInterfaces = true)
    {
        _configured = [.. configured.Select(TransportAddress.FromIPAddress)];
        _watchInterfaces = watchInterfaces;
        _all = Collect();
        if (watchInterfaces)
        {
            NetworkChange.NetworkAddressChanged += OnAddressChanged;
        }
    }

    /// <summary>Whether <paramref name="address"/> (its port ignored) reaches this node.</summary>
    public bool Contains(TransportAddress address)
    {
        address = address.Unmapped;
        if (address.IsIPv4)
        {
            // 127.0.0.0/8 is loopback; 0.0.0.0/8 means "this host" (RFC 1122 §3.2.1.3).
            uint first = (uint)(address.Low >> 24);
            if (first is 127 or 0)
            {
                return true;
            }
        }
        else if (address.High == 0 && address.Low <= 1)
        {
            // :: and ::1 (RFC 4291 §2.5.2, §2.5.3).
            return true;
        }

        return Volatile.Read(ref _all).AsSpan().Contains(address.WithoutPort);
    }

    public void Dispose()
    {
        if (_watchInterfaces)
        {
            NetworkChange.NetworkAddressChanged -= OnAddressChanged;
        }
    }

    private void OnAddressChanged(object? sender, EventArgs e) => Volatile.Write(ref _all, Collect());

    private TransportAddress[] Collect()
    {
        if (!_watchInterfaces)
        {
            return _configured;
        }

        IEnumerable<TransportAddress> interfaces;
        try
        {
            interfaces = NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(a => TransportAddress.FromIPAddress(a.Address))
                .ToList();
        }
        catch (NetworkInformationException)
        {
            // Interfaces cannot be listed (a sandbox without netlink): the configured addresses still count.
            interfaces = [];
        }

        return [.. _configured.Concat(interfaces).Distinct()];
    }
}
