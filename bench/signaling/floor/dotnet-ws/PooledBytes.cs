using System.Buffers;

namespace Parley.Bench.FloorWs;

/// <summary>A growable byte buffer rented from the shared pool and handed back whenever it empties, so an idle peer holds none.</summary>
internal sealed class PooledBytes
{
    private byte[]? _array;

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, Length);

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (_array is null || _array.Length - Length < bytes.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(4096, 2 * (Length + bytes.Length)));
            if (_array is not null)
            {
                _array.AsSpan(0, Length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_array);
            }

            _array = bigger;
        }

        bytes.CopyTo(_array.AsSpan(Length));
        Length += bytes.Length;
    }

    public void Reset()
    {
        if (_array is not null)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = null;
        }

        Length = 0;
    }
}
