namespace Parley.Turn.Stun;

/// <summary>
/// STUN and TURN error codes as data: handlers return one and the dispatcher turns it into an
/// error response. RFC 8489 §14.8, RFC 8656 §19.
/// </summary>
internal enum StunErrorCode
{
    None = 0,
    TryAlternate = 300,
    BadRequest = 400,
    Unauthenticated = 401,
    Forbidden = 403,
    UnknownAttribute = 420,
    AllocationMismatch = 437,
    StaleNonce = 438,
    AddressFamilyNotSupported = 440,
    WrongCredentials = 441,
    UnsupportedTransportProtocol = 442,
    PeerAddressFamilyMismatch = 443,
    AllocationQuotaReached = 486,
    ServerError = 500,
    InsufficientCapacity = 508,
}

internal static class StunErrorCodes
{
    /// <summary>The RFC's recommended reason phrase for <paramref name="code"/>.</summary>
    public static string GetReasonPhrase(StunErrorCode code) => code switch
    {
        StunErrorCode.TryAlternate => "Try Alternate",
        StunErrorCode.BadRequest => "Bad Request",
        StunErrorCode.Unauthenticated => "Unauthenticated",
        StunErrorCode.Forbidden => "Forbidden",
        StunErrorCode.UnknownAttribute => "Unknown Attribute",
        StunErrorCode.AllocationMismatch => "Allocation Mismatch",
        StunErrorCode.StaleNonce => "Stale Nonce",
        StunErrorCode.AddressFamilyNotSupported => "Address Family not Supported",
        StunErrorCode.WrongCredentials => "Wrong Credentials",
        StunErrorCode.UnsupportedTransportProtocol => "Unsupported Transport Protocol",
        StunErrorCode.PeerAddressFamilyMismatch => "Peer Address Family Mismatch",
        StunErrorCode.AllocationQuotaReached => "Allocation Quota Reached",
        StunErrorCode.InsufficientCapacity => "Insufficient Capacity",
        _ => "Server Error",
    };
}
