using Parley.Turn.Stun;

namespace Parley.Turn.Allocations;

/// <summary>
/// The client's address, the server's address and the transport between them: the key of an allocation.
/// RFC 8656 §2.
/// </summary>
internal readonly record struct FiveTuple(TransportProtocol Protocol, TransportAddress Client, TransportAddress Server)
{
    public override string ToString() => $"{Protocol} {Client} -> {Server}";
}
