using System.Buffers.Binary;
using System.Net.Sockets;

namespace Parley.Turn.Stun.Attributes;

/// <summary>
/// The shared value layout of XOR-MAPPED-ADDRESS, XOR-PEER-ADDRESS and XOR-RELAYED-ADDRESS.
/// <code>
///   0                   1                   2                   3
///   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  |0 0 0 0 0 0 0 0|    Family     |         X-Port                |
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  |                X-Address (32 bits or 128 bits)                |
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The port is XORed with the top half of the magic cookie, an IPv4 address with the cookie and an IPv6
/// address with the cookie followed by the transaction ID. RFC 8489 §14.2.
/// </summary>
internal static class XorAddressCodec
{
    public const byte FamilyIPv4 = 0x01;
    public const byte FamilyIPv6 = 0x02;

    public static int GetEncodedLength(TransportAddress address) => 4 + address.AddressLength;

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out TransportAddress address)
    {
        address = default;
        if (value.Length < 4)
        {
            return false;
        }

        int expected = value[1] switch
        {
            FamilyIPv4 => 4 + TransportAddress.IPv4Length,
            FamilyIPv6 => 4 + TransportAddress.IPv6Length,
            _ => -1,
        };
        if (value.Length != expected)
        {
            return false;
        }

        var port = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (StunMessageReader.MagicCookie >> 16));
        Span<byte> bytes = stackalloc byte[TransportAddress.IPv6Length];
        Span<byte> addressBytes = bytes[..(expected - 4)];
        value[4..].CopyTo(addressBytes);
        ApplyMask(addressBytes, transactionId);
        address = TransportAddress.FromAddressBytes(addressBytes, port);
        return true;
    }

    public static bool TryWrite(TransportAddress address, Span<byte> destination, StunTransactionId transactionId, out int bytesWritten)
    {
        bytesWritten = GetEncodedLength(address);
        if (destination.Length < bytesWritten)
        {
            bytesWritten = 0;
            return false;
        }

        destination[0] = 0;
        destination[1] = address.Family == AddressFamily.InterNetwork ? FamilyIPv4 : FamilyIPv6;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(address.Port ^ (StunMessageReader.MagicCookie >> 16)));
        Span<byte> addressBytes = destination.Slice(4, address.AddressLength);
        address.WriteAddressBytes(addressBytes);
        ApplyMask(addressBytes, transactionId);
        return true;
    }

    private static void ApplyMask(Span<byte> addressBytes, StunTransactionId transactionId)
    {
        Span<byte> mask = stackalloc byte[TransportAddress.IPv6Length];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunMessageReader.MagicCookie);
        transactionId.Write(mask[4..]);
        for (int i = 0; i < addressBytes.Length; i++)
        {
            addressBytes[i] ^= mask[i];
        }
    }
}
