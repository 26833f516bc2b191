namespace Parley.Turn.Transports;

/// <summary>A TCP client's socket watched by a <see cref="RelayPoller"/>; disposing it stops the watching.</summary>
internal interface IPollerWatch : IDisposable
{
    /// <summary>Also reports the socket writable (EPOLLOUT) while <paramref name="on"/>: while a backlog waits for room.</summary>
    void WatchWritable(bool on);
}
