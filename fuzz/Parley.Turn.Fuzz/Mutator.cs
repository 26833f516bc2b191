using System.Buffers.Binary;

namespace Parley.Turn.Fuzz;

/// <summary>
/// A small, deterministic mutation engine for the in-process fuzz loop (no AFL): the usual havoc steps, plus
/// the lies that matter for TLV formats, namely 16-bit length fields set to boundary values.
/// </summary>
public sealed class Mutator(int seed)
{
    private static readonly ushort[] InterestingLengths = [0, 1, 2, 3, 4, 7, 8, 20, 0x7F, 0x80, 0xFF, 0x100, 0x3FFF, 0x7FFF, 0x8000, 0xFFFF];
    private readonly Random _random = new(seed);

    /// <summary>One to eight stacked mutations of <paramref name="input"/>, spliced now and then with <paramref name="other"/>.</summary>
    public byte[] Mutate(byte[] input, byte[] other)
    {
        var data = new List<byte>(input);
        int steps = 1 + _random.Next(8);
        for (int i = 0; i < steps; i++)
        {
            Step(data, other);
        }

        return [.. data];
    }

    private void Step(List<byte> data, byte[] other)
    {
        switch (_random.Next(9))
        {
            case 0 when data.Count > 0:
                data[_random.Next(data.Count)] ^= (byte)(1 << _random.Next(8));
                break;
            case 1 when data.Count > 0:
                data[_random.Next(data.Count)] = (byte)_random.Next(256);
                break;
            case 2 when data.Count >= 2:
                // A length field (STUN header, attribute header or ChannelData) lying about what follows.
                int at = _random.Next(data.Count - 1);
                Span<byte> value = stackalloc byte[2];
                BinaryPrimitives.WriteUInt16BigEndian(value, InterestingLengths[_random.Next(InterestingLengths.Length)]);
                data[at] = value[0];
                data[at + 1] = value[1];
                break;
            case 3:
                int insertAt = _random.Next(data.Count + 1);
                byte[] inserted = new byte[1 + _random.Next(16)];
                _random.NextBytes(inserted);
                data.InsertRange(insertAt, inserted);
                break;
            case 4 when data.Count > 0:
                int start = _random.Next(data.Count);
                data.RemoveRange(start, 1 + _random.Next(Math.Min(16, data.Count - start)));
                break;
            case 5 when data.Count > 0:
                int from = _random.Next(data.Count);
                int count = 1 + _random.Next(Math.Min(32, data.Count - from));
                data.InsertRange(_random.Next(data.Count + 1), data.GetRange(from, count));
                break;
            case 6 when data.Count > 0:
                int keep = _random.Next(data.Count);
                data.RemoveRange(keep, data.Count - keep);
                break;
            case 7 when other.Length > 0:
                int cut = _random.Next(data.Count + 1);
                int otherStart = _random.Next(other.Length);
                data.RemoveRange(cut, data.Count - cut);
                data.AddRange(other.AsSpan(otherStart).ToArray());
                break;
            default:
                // A whole attribute header of random type and length appended: the next TLV of a message.
                Span<byte> header = stackalloc byte[4];
                BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)_random.Next(0x10000));
                BinaryPrimitives.WriteUInt16BigEndian(header[2..], InterestingLengths[_random.Next(InterestingLengths.Length)]);
                data.AddRange(header.ToArray());
                break;
        }
    }
}
