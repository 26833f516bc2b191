namespace Parley.Turn.Native;

/// <summary>
/// Offsets in the native arrays that <c>recvmmsg</c> and <c>sendmmsg</c> take, on 64-bit Linux: <c>struct mmsghdr</c>
/// (a 56-byte <c>struct msghdr</c>, then <c>msg_len</c>, padded to 64) and <c>struct iovec</c> (pointer and length).
/// </summary>
internal static class MessageHeaderLayout
{
    public const int MessageSize = 64;

    // A struct msghdr alone, as sendmsg takes it: msg_len follows it in an mmsghdr.
    public const int HeaderSize = 56;
    public const int NameOffset = 0;
    public const int NameLengthOffset = 8;
    public const int IoVectorOffset = 16;
    public const int IoVectorCountOffset = 24;
    public const int FlagsOffset = 48;
    public const int LengthOffset = HeaderSize;
    public const int IoVectorSize = 16;

    // Room for a sockaddr_in6 (28 bytes).
    public const int AddressSize = 32;
}
