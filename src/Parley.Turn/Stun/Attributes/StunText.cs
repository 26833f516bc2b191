using System.Text;

namespace Parley.Turn.Stun.Attributes;

/// <summary>UTF-8 text values (USERNAME, REALM, NONCE, SOFTWARE, reason phrases) with their RFC byte limits.</summary>
internal static class StunText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool TryRead(ReadOnlySpan<byte> value, int maxBytes, out string text)
    {
        text = string.Empty;
        if (value.Length > maxBytes || !System.Text.Unicode.Utf8.IsValid(value))
        {
            return false;
        }

        text = StrictUtf8.GetString(value);
        return true;
    }

    public static int GetByteCount(string text) => StrictUtf8.GetByteCount(text);

    public static bool TryWrite(string text, Span<byte> destination, out int bytesWritten) =>
        StrictUtf8.TryGetBytes(text, destination, out bytesWritten);
}
