namespace Parley.Signaling.Contracts;

/// <summary>Size limits of the signaling protocol.</summary>
public static class SignalingLimits
{
    public const int MaxRoomLength = 64;
    public const int MaxUsernameLength = 32;
    public const int MaxPayloadBytes = 64 * 1024;

    /// <summary>Room for a maximal payload even when JSON escaping doubles its bytes, plus the envelope.</summary>
    public const int MaxHubMessageBytes = 2 * MaxPayloadBytes + 4096;
}
