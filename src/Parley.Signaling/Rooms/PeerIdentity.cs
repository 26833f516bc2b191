using System.Buffers.Text;
using System.Security.Cryptography;

namespace Parley.Signaling.Rooms;

/// <summary>Random identifiers: peer ids other peers see, and resume tokens only their owner sees.</summary>
public static class PeerIdentity
{
    // 96 bits: unguessable, and short enough to read in logs.
    public static string NewPeerId() => RandomText(12);

    public static string NewResumeToken() => RandomText(32);

    /// <summary>Compares tokens in constant time so a probe learns nothing from timing.</summary>
    public static bool TokensMatch(string expected, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(presented));

    private static string RandomText(int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        RandomNumberGenerator.Fill(buffer);
        return Base64Url.EncodeToString(buffer);
    }
}
