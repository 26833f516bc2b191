namespace Parley.Signaling.Contracts;

/// <summary>Size limits of the signaling protocol.</summary>
public static class SignalingLimits
{
    /// <summary>The longest room name, in characters.</summary>
    public const int MaxRoomLength = 64;

    /// <summary>The longest username, in Unicode characters (code points), after trimming.</summary>
    public const int MaxUsernameLength = 32;

    /// <summary>The longest passcode of a locked room (<c>Unlock</c>), in characters (UTF-16 code units).</summary>
    public const int MaxPasscodeLength = 128;

    /// <summary>The largest <c>Data</c> or <c>Relay</c> payload, in UTF-8 bytes.</summary>
    public const int MaxPayloadBytes = 64 * 1024;

    /// <summary>
    /// The largest message a client may send on the socket, in bytes: room for a maximal payload even when JSON
    /// escaping doubles its bytes, plus the envelope.
    /// </summary>
    public const int MaxMessageBytes = 2 * MaxPayloadBytes + 4096;
}
