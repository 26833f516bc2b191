using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Parley.Signaling.Contracts;

/// <summary>The validation rules for everything a client sends; each check names the error it answers with.</summary>
public static class SignalingInput
{
    private static readonly SearchValues<char> RoomChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    /// <summary>Whether <paramref name="room"/> is 1 to 64 letters, digits, '_' or '-'.</summary>
    /// <param name="room">The room name a client sent.</param>
    /// <returns>True when it may name a room.</returns>
    public static bool IsValidRoom([NotNullWhen(true)] string? room) =>
        room is { Length: > 0 and <= SignalingLimits.MaxRoomLength } && !room.AsSpan().ContainsAnyExcept(RoomChars);

    /// <summary>Trims surrounding white space and accepts 1–32 printable characters (counted as Unicode scalars).</summary>
    /// <param name="username">The name a client sent.</param>
    /// <param name="normalized">The name trimmed, when it is accepted.</param>
    /// <returns>True when the name may be used.</returns>
    public static bool TryNormalizeUsername(string? username, out string normalized)
    {
        normalized = username?.Trim() ?? string.Empty;
        if (normalized.Length == 0 || normalized.Length > 2 * SignalingLimits.MaxUsernameLength)
        {
            return false;
        }

        var rest = normalized.AsSpan();
        for (var count = 1; !rest.IsEmpty; count++)
        {
            // InvalidData here means an unpaired surrogate.
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != OperationStatus.Done
                || count > SignalingLimits.MaxUsernameLength
                || !IsPrintable(rune))
            {
                return false;
            }

            rest = rest[used..];
        }

        return true;
    }

    /// <summary>Checks a <c>Data</c> or <c>Relay</c> payload.</summary>
    /// <param name="payload">The payload a client sent.</param>
    /// <returns>The error it is refused with, or null when it may be relayed.</returns>
    public static SignalingError? CheckPayload(string? payload)
    {
        if (string.IsNullOrEmpty(payload))
        {
            return SignalingErrors.InvalidPayload;
        }

        // Each char is 1-3 UTF-8 bytes, so most payloads are decided without counting.
        if (payload.Length > SignalingLimits.MaxPayloadBytes)
        {
            return SignalingErrors.PayloadTooLarge;
        }

        if (payload.Length * 3 > SignalingLimits.MaxPayloadBytes
            && Encoding.UTF8.GetByteCount(payload) > SignalingLimits.MaxPayloadBytes)
        {
            return SignalingErrors.PayloadTooLarge;
        }

        return null;
    }

    // Control, format (bidi overrides), separator-line, unassigned and private-use characters can hide or spoof a name.
    private static bool IsPrintable(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned => false,
        _ => true,
    };
}
