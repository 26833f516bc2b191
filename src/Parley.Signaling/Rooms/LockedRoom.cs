using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Parley.Signaling.Contracts;

namespace Parley.Signaling.Rooms;

/// <summary>
/// Where a passcode room lives: a registry key derived from the room's name and its passcode, so the same name with
/// another passcode (or none) is simply another room. Nothing compares a passcode, so nothing can leak through a
/// comparison's timing or through an answer that differs; the passcode itself is never stored or logged, only this
/// slow salted hash of it.
/// </summary>
public static class LockedRoom
{
    /// <summary>Enough to make guessing offline slow, cheap enough for a rate-limited join.</summary>
    public const int Iterations = 20_000;

    public static bool IsValidPasscode(string? passcode) => passcode is { Length: > 0 and <= SignalingLimits.MaxPasscodeLength };

    /// <summary>
    /// The registry key of room <paramref name="room"/> locked with <paramref name="passcode"/>. It starts with
    /// <c>~</c>, which no room name may contain, so it never meets an open room.
    /// </summary>
    public static string Key(string room, string passcode)
    {
        Span<byte> hash = stackalloc byte[18];
        Rfc2898DeriveBytes.Pbkdf2(
            Encoding.UTF8.GetBytes(passcode), Encoding.UTF8.GetBytes("parley-room:" + room), hash, Iterations, HashAlgorithmName.SHA256);
        return "~" + Base64Url.EncodeToString(hash);
    }
}
