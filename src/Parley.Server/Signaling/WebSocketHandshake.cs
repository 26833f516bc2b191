using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Parley.Server.Signaling;

/// <summary>The server's side of the WebSocket opening handshake (RFC 6455 §4.2), for a head the reader accepted.</summary>
internal static class WebSocketHandshake
{
    // RFC 6455 §1.3: the GUID the key is hashed with.
    private const string KeyGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>
    /// RFC 6455 §4.2.1: an Upgrade of websocket, a Connection with the upgrade token, version 13 and a key of 16 bytes
    /// in base64 (GET, HTTP/1.1 and Host the reader checked). A request failing any of them goes to HTTP, which answers
    /// it as it always did.
    /// </summary>
    public static bool IsValid(UpgradeRequestHead head) =>
        head.Upgrade.Count == 1 && string.Equals(head.Upgrade[0], "websocket", StringComparison.OrdinalIgnoreCase)
        && head.Connection.Any(static value => value.Split(',').Any(static token => token.Trim().Equals("upgrade", StringComparison.OrdinalIgnoreCase)))
        && head.Version == "13"
        && IsKey(head.Key);

    /// <summary>RFC 6455 §4.2.2: the 101 answer, its Sec-WebSocket-Accept the base64 SHA-1 of the key and the GUID.</summary>
    [SuppressMessage("Security", "CA5350", Justification = "RFC 6455 prescribes SHA-1 here; it proves the server read the handshake, it protects no secret.")]
    public static byte[] SwitchingProtocols(string key)
    {
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + KeyGuid)));
        return Encoding.ASCII.GetBytes(
            $"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: {accept}\r\n\r\n");
    }

    // RFC 6455 §4.2.1 item 5: a nonce of 16 bytes, base64-encoded: 24 characters.
    private static bool IsKey(string? key)
    {
        return key is { Length: 24 } && Base64.IsValid(key, out var length) && length == 16;
    }
}
