using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Parley.Turn.Stun;

/// <summary>
/// An IP address and port held by value (no <see cref="IPAddress"/> object), so the relay path
/// can key dictionaries and compare addresses without allocating. IPv4 addresses live in the low
/// 32 bits of <see cref="Low"/>. RFC 8656 §2 "transport address".
/// </summary>
internal readonly record struct TransportAddress(AddressFamily Family, ulong High, ulong Low, ushort Port)
{
    public const int IPv4Length = 4;
    public const int IPv6Length = 16;

    // sockaddr_in / sockaddr_in6 offsets, the same on Linux, Windows and macOS.
    private const int PortOffset = 2;
    private const int IPv4AddressOffset = 4;
    private const int IPv6AddressOffset = 8;

    public bool IsIPv4 => Family == AddressFamily.InterNetwork;

    public int AddressLength => IsIPv4 ? IPv4Length : IPv6Length;

    /// <summary>The same address with port 0: the key of a permission, which ignores ports (RFC 8656 §9).</summary>
    public TransportAddress WithoutPort => this with { Port = 0 };

    /// <summary>An IPv4-mapped IPv6 address (<c>::ffff:a.b.c.d</c>) as the IPv4 address it carries; any other as it is.</summary>
    public TransportAddress Unmapped => !IsIPv4 && High == 0 && (Low >> 32) == 0xFFFF
        ? new(AddressFamily.InterNetwork, 0, Low & 0xFFFF_FFFF, Port)
        : this;

    public static TransportAddress FromAddressBytes(ReadOnlySpan<byte> address, ushort port) => address.Length switch
    {
        IPv4Length => new(AddressFamily.InterNetwork, 0, BinaryPrimitives.ReadUInt32BigEndian(address), port),
        IPv6Length => new(
            AddressFamily.InterNetworkV6,
            BinaryPrimitives.ReadUInt64BigEndian(address),
            BinaryPrimitives.ReadUInt64BigEndian(address[8..]),
            port),
        _ => throw new ArgumentException("An IP address is 4 or 16 bytes long.", nameof(address)),
    };

    /// <summary>An address alone (port 0), IPv4-mapped IPv6 taken as IPv4: how address lists are kept.</summary>
    public static TransportAddress FromIPAddress(IPAddress address) => FromIPEndPoint(new IPEndPoint(address, 0)).Unmapped;

    public static TransportAddress FromIPEndPoint(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        Span<byte> bytes = stackalloc byte[IPv6Length];
        endPoint.Address.TryWriteBytes(bytes, out int written);
        return FromAddressBytes(bytes[..written], (ushort)endPoint.Port);
    }

    /// <summary>Reads an address filled in by <c>Socket.ReceiveFromAsync</c> without allocating.</summary>
    public static TransportAddress FromSocketAddress(SocketAddress socketAddress)
    {
        ArgumentNullException.ThrowIfNull(socketAddress);
        ReadOnlySpan<byte> raw = socketAddress.Buffer.Span;
        ushort port = BinaryPrimitives.ReadUInt16BigEndian(raw[PortOffset..]);
        return socketAddress.Family == AddressFamily.InterNetwork
            ? FromAddressBytes(raw.Slice(IPv4AddressOffset, IPv4Length), port)
            : FromAddressBytes(raw.Slice(IPv6AddressOffset, IPv6Length), port);
    }

    public void WriteAddressBytes(Span<byte> destination)
    {
        if (IsIPv4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)Low);
        }
        else
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination, High);
            BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
        }
    }

    /// <summary>Overwrites <paramref name="socketAddress"/> (of the same family) without allocating.</summary>
    public void CopyTo(SocketAddress socketAddress)
    {
        ArgumentNullException.ThrowIfNull(socketAddress);
        Span<byte> raw = socketAddress.Buffer.Span;
        BinaryPrimitives.WriteUInt16BigEndian(raw[PortOffset..], Port);
        if (IsIPv4)
        {
            WriteAddressBytes(raw.Slice(IPv4AddressOffset, IPv4Length));
        }
        else
        {
            raw.Slice(PortOffset + 2, IPv6AddressOffset - PortOffset - 2).Clear(); // flow info
            WriteAddressBytes(raw.Slice(IPv6AddressOffset, IPv6Length));
            raw[(IPv6AddressOffset + IPv6Length)..].Clear(); // scope id
        }
    }

    public SocketAddress ToSocketAddress()
    {
        var socketAddress = new SocketAddress(Family);
        CopyTo(socketAddress);
        return socketAddress;
    }

    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[AddressLength];
        WriteAddressBytes(bytes);
        return new IPAddress(bytes);
    }

    public IPEndPoint ToIPEndPoint() => new(ToIPAddress(), Port);

    public override string ToString() => ToIPEndPoint().ToString();
}
