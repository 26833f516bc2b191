namespace Parley.Turn.Transports;

/// <summary>
/// The bytes waiting behind a full TCP socket, oldest first, in one buffer made when the socket first fills up:
/// appended at the end, sent from the start, moved back to the front when the end is reached. Not thread-safe.
/// </summary>
internal sealed class TcpSendBacklog(int capacity)
{
    // Pinned: it is handed to send() on every flush.
    private byte[]? _buffer;
    private int _start;
    private int _end;

    /// <summary>The bytes waiting.</summary>
    public int Count => _end - _start;

    public bool IsEmpty => _end == _start;

    /// <summary>What waits to be sent, oldest first.</summary>
    public ReadOnlySpan<byte> Pending => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Queues <paramref name="data"/>; the caller keeps <see cref="Count"/> within the capacity.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        _buffer ??= GC.AllocateUninitializedArray<byte>(capacity, pinned: true);
        if (_end + data.Length > _buffer.Length)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        data.CopyTo(_buffer.AsSpan(_end));
        _end += data.Length;
    }

    /// <summary>Forgets the first <paramref name="count"/> bytes: the socket took them.</summary>
    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }
}
