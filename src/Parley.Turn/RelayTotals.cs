namespace Parley.Turn;

/// <summary>Packets and bytes relayed in one direction, added to by every relay thread.</summary>
internal sealed class RelayTotals
{
    private long _packets;
    private long _bytes;

    public long Packets => Interlocked.Read(ref _packets);

    public long Bytes => Interlocked.Read(ref _bytes);

    public void Add(int bytes)
    {
        Interlocked.Increment(ref _packets);
        Interlocked.Add(ref _bytes, bytes);
    }
}
