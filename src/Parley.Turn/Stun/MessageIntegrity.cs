using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Parley.Turn.Stun;

/// <summary>
/// MESSAGE-INTEGRITY (HMAC-SHA1, 20 bytes) and MESSAGE-INTEGRITY-SHA256 (HMAC-SHA256, truncated to
/// 16-32 bytes). The HMAC covers the message up to the attribute, with the header's length field set as
/// if the attribute were last. RFC 8489 §14.5, §14.6.
/// </summary>
internal static class MessageIntegrity
{
    public const int Sha1Length = 20;
    public const int Sha256Length = 32;
    public const int Sha256MinimumLength = 16;

    /// <summary>HMAC-SHA1 over <paramref name="prefix"/>, which the writer has already given the right length field.</summary>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "RFC 8489 §14.5 defines MESSAGE-INTEGRITY as HMAC-SHA1; browsers use it.")]
    public static void ComputeSha1(ReadOnlySpan<byte> key, ReadOnlySpan<byte> prefix, Span<byte> destination) =>
        HMACSHA1.HashData(key, prefix, destination);

    public static void ComputeSha256(ReadOnlySpan<byte> key, ReadOnlySpan<byte> prefix, Span<byte> destination) =>
        HMACSHA256.HashData(key, prefix, destination);

    /// <summary>
    /// Checks a received MESSAGE-INTEGRITY (<paramref name="sha256"/> false) or MESSAGE-INTEGRITY-SHA256 value
    /// at <paramref name="attributeOffset"/> in constant time. The received buffer is never written: the
    /// prefix is copied so its length field can be adjusted.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> message, int attributeOffset, ReadOnlySpan<byte> value, ReadOnlySpan<byte> key, bool sha256)
    {
        byte[]? rented = null;
        Span<byte> prefix = attributeOffset <= 1024
            ? stackalloc byte[attributeOffset]
            : (rented = ArrayPool<byte>.Shared.Rent(attributeOffset)).AsSpan(0, attributeOffset);
        try
        {
            message[..attributeOffset].CopyTo(prefix);
            int lengthThroughAttribute = attributeOffset + 4 + value.Length - StunMessageReader.HeaderLength;
            BinaryPrimitives.WriteUInt16BigEndian(prefix[2..], (ushort)lengthThroughAttribute);

            Span<byte> expected = stackalloc byte[Sha256Length];
            if (sha256)
            {
                ComputeSha256(key, prefix, expected);
                return CryptographicOperations.FixedTimeEquals(expected[..value.Length], value);
            }

            ComputeSha1(key, prefix, expected);
            return CryptographicOperations.FixedTimeEquals(expected[..Sha1Length], value);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>RFC 8489 §14.6: at least 16 bytes, a multiple of 4, at most 32.</summary>
    public static bool IsValidSha256Length(int length) =>
        length is >= Sha256MinimumLength and <= Sha256Length && length % 4 == 0;
}
