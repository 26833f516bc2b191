using System.Buffers.Binary;

namespace Parley.Turn.Stun.Attributes;

/// <summary>
/// PASSWORD-ALGORITHMS: the server's list of password algorithms in preference order, each as
/// algorithm (16 bits), parameter length (16 bits) and padded parameters. The client echoes the list
/// so a man in the middle cannot bid it down to MD5. RFC 8489 §14.11, §9.2.4.
/// </summary>
internal readonly record struct PasswordAlgorithmsAttribute(PasswordAlgorithm[] Algorithms) : IStunAttribute<PasswordAlgorithmsAttribute>
{
    public static StunAttributeType Type => StunAttributeType.PasswordAlgorithms;

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out PasswordAlgorithmsAttribute attribute)
    {
        attribute = new PasswordAlgorithmsAttribute([]);
        var algorithms = new List<PasswordAlgorithm>();
        while (!value.IsEmpty)
        {
            if (value.Length < 4)
            {
                return false;
            }

            int parametersLength = StunMessageReader.Pad(BinaryPrimitives.ReadUInt16BigEndian(value[2..]));
            if (value.Length < 4 + parametersLength)
            {
                return false;
            }

            algorithms.Add((PasswordAlgorithm)BinaryPrimitives.ReadUInt16BigEndian(value));
            value = value[(4 + parametersLength)..];
        }

        attribute = new PasswordAlgorithmsAttribute([.. algorithms]);
        return algorithms.Count > 0;
    }

    public int GetEncodedLength() => Algorithms.Length * 4;

    public bool TryWrite(Span<byte> destination, StunTransactionId transactionId, out int bytesWritten)
    {
        bytesWritten = GetEncodedLength();
        if (destination.Length < bytesWritten)
        {
            bytesWritten = 0;
            return false;
        }

        for (int i = 0; i < Algorithms.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(i * 4)..], (ushort)Algorithms[i]);
            BinaryPrimitives.WriteUInt16BigEndian(destination[((i * 4) + 2)..], 0);
        }

        return true;
    }

    public bool SequenceEqual(PasswordAlgorithmsAttribute other) => Algorithms.AsSpan().SequenceEqual(other.Algorithms);
}
