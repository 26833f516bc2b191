using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Parley.Turn.Stun.Attributes;

namespace Parley.Turn.Auth;

/// <summary>
/// Key derivation for the long-term credential mechanism. RFC 8489 §9.2.2:
/// <c>key = MD5(username ":" realm ":" password)</c> (16 bytes) or, with PASSWORD-ALGORITHM SHA-256,
/// <c>key = SHA-256(username ":" realm ":" password)</c> (32 bytes); and
/// <c>userhash = SHA-256(username ":" realm)</c>. Inputs are taken as already normalised (OpaqueString):
/// TURN REST user names and passwords are ASCII.
/// </summary>
internal static class LongTermCredentials
{
    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "RFC 8489 §9.2.2 defines the classic long-term key as MD5; every browser uses it.")]
    public static byte[] ComputeKey(PasswordAlgorithm algorithm, string username, string realm, string password)
    {
        byte[] input = Encoding.UTF8.GetBytes($"{username}:{realm}:{password}");
        return algorithm == PasswordAlgorithm.Sha256 ? SHA256.HashData(input) : MD5.HashData(input);
    }

    public static byte[] ComputeUserHash(string username, string realm) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{username}:{realm}"));
}
