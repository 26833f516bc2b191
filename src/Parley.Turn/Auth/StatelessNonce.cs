using System.Buffers.Binary;
using System.Security.Cryptography;
using Parley.Turn.Stun;

namespace Parley.Turn.Auth;

/// <summary>How a received NONCE checks out.</summary>
internal enum NonceStatus
{
    Valid,

    /// <summary>Expired, minted for another client address, or not minted by this server: 438.</summary>
    Stale,
}

/// <summary>
/// Nonces that need no server state (so unauthenticated traffic creates none):
/// <c>"obMatJos2" + base64(feature bits) + base64(timestamp ‖ HMAC-SHA256(key, features ‖ timestamp ‖ client address)[..14])</c>.
/// The cookie and feature bits follow RFC 8489 §9.2 ("Password algorithms" and "Username anonymity" set);
/// binding the client address makes a captured nonce useless from elsewhere (RFC 8656 §21.1.5).
/// </summary>
internal sealed class StatelessNonce
{
    public const string Cookie = "obMatJos2";

    // RFC 8489 §9.2 feature bits, most significant first: bit 0 "Password algorithms", bit 1 "Username anonymity".
    private static readonly byte[] FeatureBits = [0xC0, 0x00, 0x00];
    private static readonly string EncodedFeatures = Convert.ToBase64String(FeatureBits);

    // Unix seconds as 32 bits (good until 2106) and a 112-bit tag: 18 bytes are 24 base64 characters with no
    // padding, which keeps the 401 challenge small (it goes to unverified UDP sources; see docs/security.md).
    private const int TimestampLength = 4;
    private const int TagLength = 14;
    private const int BodyLength = TimestampLength + TagLength;
    private static readonly TimeSpan AllowedClockSkew = TimeSpan.FromSeconds(5);

    private readonly byte[] _key;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _lifetime;

    public StatelessNonce(TimeProvider timeProvider, TimeSpan lifetime)
    {
        _key = RandomNumberGenerator.GetBytes(32);
        _timeProvider = timeProvider;
        _lifetime = lifetime;
    }

    /// <summary>Whether <paramref name="nonce"/> carries the RFC 8489 cookie with the "Password algorithms" bit.</summary>
    public static bool HasPasswordAlgorithmsFeature(string nonce)
    {
        if (!nonce.StartsWith(Cookie, StringComparison.Ordinal) || nonce.Length < Cookie.Length + 4)
        {
            return false;
        }

        Span<byte> features = stackalloc byte[3];
        return Convert.TryFromBase64Chars(nonce.AsSpan(Cookie.Length, 4), features, out int written)
            && written == 3 && (features[0] & 0x80) != 0;
    }

    public string Issue(TransportAddress client)
    {
        Span<byte> body = stackalloc byte[BodyLength];
        BinaryPrimitives.WriteUInt32BigEndian(body, (uint)_timeProvider.GetUtcNow().ToUnixTimeSeconds());
        ComputeTag(body[..TimestampLength], client, body[TimestampLength..]);
        return Cookie + EncodedFeatures + Convert.ToBase64String(body);
    }

    public NonceStatus Validate(string nonce, TransportAddress client)
    {
        int prefixLength = Cookie.Length + EncodedFeatures.Length;
        if (!nonce.StartsWith(Cookie, StringComparison.Ordinal)
            || !nonce.AsSpan(Cookie.Length).StartsWith(EncodedFeatures, StringComparison.Ordinal))
        {
            return NonceStatus.Stale;
        }

        Span<byte> body = stackalloc byte[BodyLength + 3];
        if (!Convert.TryFromBase64Chars(nonce.AsSpan(prefixLength), body, out int written) || written != BodyLength)
        {
            return NonceStatus.Stale;
        }

        Span<byte> expectedTag = stackalloc byte[TagLength];
        ComputeTag(body[..TimestampLength], client, expectedTag);
        if (!CryptographicOperations.FixedTimeEquals(expectedTag, body.Slice(TimestampLength, TagLength)))
        {
            return NonceStatus.Stale;
        }

        DateTimeOffset issued = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(body));
        DateTimeOffset now = _timeProvider.GetUtcNow();
        return issued <= now + AllowedClockSkew && now - issued <= _lifetime ? NonceStatus.Valid : NonceStatus.Stale;
    }

    private void ComputeTag(ReadOnlySpan<byte> timestamp, TransportAddress client, Span<byte> tag)
    {
        Span<byte> input = stackalloc byte[3 + TimestampLength + 1 + TransportAddress.IPv6Length + 2];
        FeatureBits.CopyTo(input);
        timestamp.CopyTo(input[3..]);
        input[3 + TimestampLength] = client.IsIPv4 ? (byte)4 : (byte)6;
        client.WriteAddressBytes(input[(4 + TimestampLength)..]);
        BinaryPrimitives.WriteUInt16BigEndian(input[^2..], client.Port);

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, input, mac);
        mac[..TagLength].CopyTo(tag);
    }
}
