namespace Parley.Turn.Stun.Attributes;

/// <summary>
/// The 4-byte value shared by REQUESTED-TRANSPORT, REQUESTED-ADDRESS-FAMILY and ADDITIONAL-ADDRESS-FAMILY: one
/// meaningful byte followed by three RFFU bytes, sent as zero and ignored on receipt. RFC 8656 §18.6, §18.8, §18.11.
/// </summary>
internal static class ByteWithReservedCodec
{
    public const int Length = 4;

    public static bool TryRead(ReadOnlySpan<byte> value, out byte first)
    {
        first = value.Length == Length ? value[0] : default;
        return value.Length == Length;
    }

    public static bool TryWrite(Span<byte> destination, byte first, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < Length)
        {
            return false;
        }

        destination[0] = first;
        destination[1..Length].Clear();
        bytesWritten = Length;
        return true;
    }
}
