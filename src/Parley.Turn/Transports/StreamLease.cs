using Parley.Turn.Allocations;

namespace Parley.Turn.Transports;

/// <summary>A stream connection's place in the <see cref="StreamAdmission"/> budget, given back when disposed.</summary>
internal sealed class StreamLease(StreamAdmission admission, FiveTuple fiveTuple, ClientAddressKey address, long admittedAt) : IDisposable
{
    private Action<string>? _close;
    private int _closed;

    public FiveTuple FiveTuple { get; } = fiveTuple;

    /// <summary>The client address the per-address limits count it under.</summary>
    public ClientAddressKey Address { get; } = address;

    /// <summary>Since when (a <see cref="TimeProvider"/> timestamp) it has held no allocation; null while it holds one.</summary>
    public long? IdleSince { get; set; } = admittedAt;

    /// <summary>How to close the connection, once it exists; called by the admission's sweep.</summary>
    public void Attach(Action<string> close) => Volatile.Write(ref _close, close);

    /// <summary>Closes the connection, once: the sweep may come by again before it is gone. False when it did nothing.</summary>
    public bool Close(string reason)
    {
        if (Volatile.Read(ref _close) is not { } close || Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return false;
        }

        close(reason);
        return true;
    }

    public void Dispose() => admission.Release(this);
}
