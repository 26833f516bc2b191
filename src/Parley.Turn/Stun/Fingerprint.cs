using System.Buffers.Binary;

namespace Parley.Turn.Stun;

/// <summary>
/// FINGERPRINT: CRC-32 (ISO/IEEE 802.3, as in zlib) of the message up to the attribute, XOR 0x5354554E,
/// so STUN can be told apart from other protocols multiplexed on the same port. RFC 8489 §14.7.
/// </summary>
internal static class Fingerprint
{
    public const int ValueLength = 4;
    private const uint XorValue = 0x5354554E;

    private static readonly uint[] Table = CreateTable();

    /// <summary>
    /// Computes the value over <paramref name="messagePrefix"/>, whose length field must already count the
    /// FINGERPRINT attribute (it is always last).
    /// </summary>
    public static uint Compute(ReadOnlySpan<byte> messagePrefix) => Crc32(messagePrefix) ^ XorValue;

    public static bool Verify(ReadOnlySpan<byte> messagePrefix, ReadOnlySpan<byte> value) =>
        value.Length == ValueLength && BinaryPrimitives.ReadUInt32BigEndian(value) == Compute(messagePrefix);

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] CreateTable()
    {
        // Reflected polynomial 0x04C11DB7.
        var table = new uint[256];
        for (uint i = 0; i < table.Length; i++)
        {
            uint entry = i;
            for (int bit = 0; bit < 8; bit++)
            {
                entry = (entry & 1) != 0 ? 0xEDB88320 ^ (entry >> 1) : entry >> 1;
            }

            table[i] = entry;
        }

        return table;
    }
}
