using Parley.Turn.Stun;

namespace Parley.Turn.Allocations;

/// <summary>
/// Whom a client address stands for when counting per address: an IPv4 address, or an IPv6 /64 (an IPv6 host
/// usually owns a whole /64, so counting single addresses would let it take as many quotas as it likes). An
/// IPv4-mapped IPv6 address (as a dual-mode socket reports IPv4 clients) counts as its IPv4 address.
/// </summary>
internal readonly record struct ClientAddressKey(bool IsIPv4, ulong Bits)
{
    // ::ffff:0:0/96, RFC 4291 §2.5.5.2.
    private const ulong IPv4MappedPrefix = 0x0000_FFFF_0000_0000;

    public static ClientAddressKey Of(in TransportAddress address)
    {
        if (address.IsIPv4)
        {
            return new ClientAddressKey(true, address.Low);
        }

        bool mapped = address.High == 0 && (address.Low & 0xFFFF_FFFF_0000_0000) == IPv4MappedPrefix;
        return mapped ? new ClientAddressKey(true, address.Low & 0xFFFF_FFFF) : new ClientAddressKey(false, address.High);
    }
}
