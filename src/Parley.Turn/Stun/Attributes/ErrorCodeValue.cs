namespace Parley.Turn.Stun.Attributes;

/// <summary>The class/number/reason layout shared by ERROR-CODE and ADDRESS-ERROR-CODE.</summary>
internal static class ErrorCodeValue
{
    private const int MaxReasonBytes = 763;

    public static bool TryRead(ReadOnlySpan<byte> value, out int code, out string reason)
    {
        code = 0;
        reason = string.Empty;
        if (value.Length < 4)
        {
            return false;
        }

        int @class = value[2] & 0x07;
        int number = value[3];
        if (@class is < 3 or > 6 || number > 99)
        {
            return false;
        }

        code = (@class * 100) + number;
        return StunText.TryRead(value[4..], MaxReasonBytes - 1, out reason);
    }

    public static bool TryWrite(byte firstByte, int code, string reason, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < 4 || !StunText.TryWrite(reason, destination[4..], out int reasonBytes))
        {
            return false;
        }

        destination[0] = firstByte;
        destination[1] = 0;
        destination[2] = (byte)(code / 100);
        destination[3] = (byte)(code % 100);
        bytesWritten = 4 + reasonBytes;
        return true;
    }
}
