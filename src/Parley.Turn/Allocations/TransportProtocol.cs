namespace Parley.Turn.Allocations;

/// <summary>The transport between client and server, the first member of a 5-tuple. RFC 8656 §2.</summary>
internal enum TransportProtocol : byte
{
    Udp = 17,
    Tcp = 6,
}
