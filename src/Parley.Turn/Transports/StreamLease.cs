using Parley.Turn.Allocations;
using Parley.Turn.Stun;

namespace Parley.Turn.Transports;

/// <summary>A stream connection's place in the <see cref="StreamAdmission"/> budget, given back when disposed.</summary>
internal sealed class StreamLease(StreamAdmission admission, FiveTuple fiveTuple, TransportAddress address, long admittedAt) : IDisposable
{
    private Action<string>? _close;

    public FiveTuple FiveTuple { get; } = fiveTuple;

    /// <summary>The client address the per-address limits count it under.</summary>
    public TransportAddress Address { get; } = address;

    /// <summary>Since when (a <see cref="TimeProvider"/> timestamp) it has held no allocation; null while it holds one.</summary>
    public long? IdleSince { get; set; } = admittedAt;

    /// <summary>How to close the connection, once it exists; called by the admission's sweep.</summary>
    public void Attach(Action<string> close) => Volatile.Write(ref _close, close);

    public void Close(string reason) => Volatile.Read(ref _close)?.Invoke(reason);

    public void Dispose() => admission.Release(this);
}
