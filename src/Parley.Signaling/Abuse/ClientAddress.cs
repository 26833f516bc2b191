using System.Net;
using System.Net.Sockets;

namespace Parley.Signaling.Abuse;

/// <summary>
/// The unit a per-address limit counts: an IPv4 address, or an IPv6 /64, since one subscriber usually holds a
/// whole /64 and could otherwise rotate through it.
/// </summary>
public readonly record struct ClientAddress(UInt128 Value, bool IsIPv6)
{
    public static ClientAddress From(IPAddress? address)
    {
        if (address is null)
        {
            return default;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return new ClientAddress(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes), IsIPv6: false);
        }

        bytes[8..written].Clear();
        return new ClientAddress(System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes), IsIPv6: true);
    }
}
