using System.Runtime.CompilerServices;

namespace Parley.Bench.FloorWs;

/// <summary>
/// Everything written to one peer's socket goes through here, relayed frames and the WebSocket's own control
/// frames alike, so two writers never interleave bytes on the wire.
/// </summary>
internal sealed class Outgoing(Stream stream, SendMode mode)
{
    // Beyond this many unsent bytes a producer waits for the writer instead of queueing more.
    private const int PendingLimit = 256 * 1024;

    private readonly SemaphoreSlim? _sendLock = mode == SendMode.Direct ? new SemaphoreSlim(1, 1) : null;
    private readonly Lock _gate = new();
    private PooledBytes _pending = new();
    private PooledBytes _inFlight = new();
    private bool _writing;
    private TaskCompletionSource? _drained;
    private Exception? _failed;

    public ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (_sendLock is not null)
        {
            return SendDirectAsync(bytes, cancellationToken);
        }

        bool start;
        bool full;
        lock (_gate)
        {
            if (_failed is not null)
            {
                throw new IOException("the peer's socket failed", _failed);
            }

            _pending.Append(bytes.Span);
            start = !_writing;
            _writing = true;
            full = _pending.Length > PendingLimit;
        }

        if (start)
        {
            if (mode == SendMode.Queue)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static o => _ = o.DrainAsync(), this, preferLocal: false);
            }
            else
            {
                _ = DrainAsync();
            }
        }

        return full ? new ValueTask(WhenDrainedAsync()) : ValueTask.CompletedTask;
    }

    /// <summary>Completes when nothing is waiting to be written (before the socket closes).</summary>
    public async Task WhenDrainedAsync()
    {
        if (_sendLock is not null)
        {
            await _sendLock.WaitAsync().ConfigureAwait(false);
            _sendLock.Release();
            return;
        }

        Task wait;
        lock (_gate)
        {
            if (!_writing)
            {
                return;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = _drained.Task;
        }

        await wait.ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendDirectAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _sendLock!.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task DrainAsync()
    {
        try
        {
            while (true)
            {
                PooledBytes batch;
                lock (_gate)
                {
                    if (_pending.Length == 0)
                    {
                        _writing = false;
                        _drained?.TrySetResult();
                        _drained = null;
                        return;
                    }

                    // everything queued so far goes out in one write; producers keep appending to the other buffer
                    batch = _pending;
                    _pending = _inFlight;
                    _inFlight = batch;
                }

                await stream.WriteAsync(batch.Memory).ConfigureAwait(false);
                batch.Reset();
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            lock (_gate)
            {
                _failed = e;
                _writing = false;
                _pending.Reset();
                _inFlight.Reset();
                _drained?.TrySetResult();
                _drained = null;
            }
        }
    }
}
