namespace Parley.Turn.Stun;

/// <summary>
/// Attribute types from the IANA "STUN Attributes" registry that this server reads or writes.
/// Values below 0x8000 are comprehension-required. RFC 8489 §14 and §18.3, RFC 8656 §18.
/// </summary>
internal enum StunAttributeType : ushort
{
    MappedAddress = 0x0001,
    Username = 0x0006,
    MessageIntegrity = 0x0008,
    ErrorCode = 0x0009,
    UnknownAttributes = 0x000A,
    ChannelNumber = 0x000C,
    Lifetime = 0x000D,
    XorPeerAddress = 0x0012,
    Data = 0x0013,
    Realm = 0x0014,
    Nonce = 0x0015,
    XorRelayedAddress = 0x0016,
    RequestedAddressFamily = 0x0017,
    EvenPort = 0x0018,
    RequestedTransport = 0x0019,
    DontFragment = 0x001A,
    MessageIntegritySha256 = 0x001C,
    PasswordAlgorithm = 0x001D,
    UserHash = 0x001E,
    XorMappedAddress = 0x0020,
    ReservationToken = 0x0022,
    Priority = 0x0024,
    UseCandidate = 0x0025,
    AdditionalAddressFamily = 0x8000,
    AddressErrorCode = 0x8001,
    PasswordAlgorithms = 0x8002,
    AlternateDomain = 0x8003,
    Icmp = 0x8004,
    Software = 0x8022,
    AlternateServer = 0x8023,
    Fingerprint = 0x8028,
    IceControlled = 0x8029,
    IceControlling = 0x802A,
}

internal static class StunAttributeTypes
{
    /// <summary>RFC 8489 §14: types 0x0000-0x7FFF are comprehension-required.</summary>
    public static bool IsComprehensionRequired(ushort type) => type < 0x8000;

    /// <summary>
    /// Whether this server understands <paramref name="type"/>; an unknown comprehension-required
    /// attribute in a request draws 420 (Unknown Attribute). RFC 8489 §6.3.1.
    /// </summary>
    public static bool IsKnown(ushort type) => Enum.IsDefined((StunAttributeType)type);
}
