using System.Security.Cryptography;
using System.Text;

namespace Parley.Bench.FloorWs;

internal static class Handshake
{
    // RFC 6455 section 4.2.2: the accept value is base64(SHA-1(key + this GUID)).
    private static readonly byte[] AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"u8.ToArray();

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "RFC 6455 fixes SHA-1 for the handshake; it protects nothing.")]
    public static string Accept(string key)
    {
        var input = new byte[Encoding.ASCII.GetByteCount(key) + AcceptGuid.Length];
        var written = Encoding.ASCII.GetBytes(key, input);
        AcceptGuid.CopyTo(input, written);
        return Convert.ToBase64String(SHA1.HashData(input));
    }
}
