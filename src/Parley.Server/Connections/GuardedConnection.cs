using Microsoft.AspNetCore.Connections;
using Parley.Signaling.Abuse;

namespace Parley.Server.Connections;

/// <summary>
/// One web connection under its deadlines, set as a connection feature for the middleware behind the guard: its TLS
/// handshake (on Parley's https:// addresses), then its first bytes. A deadline that passes aborts the connection.
/// Disposing it gives its place back to <see cref="WebConnectionLimits"/>.
/// </summary>
internal sealed class GuardedConnection : IDisposable
{
    private readonly Lock _gate = new();
    private readonly WebConnectionLimits _limits;
    private readonly ClientAddress _address;
    private readonly ConnectionContext _connection;
    private readonly ConnectionLimitsOptions _options;
    private ITimer? _deadline;
    private Stage _stage;

    public GuardedConnection(WebConnectionLimits limits, ClientAddress address, ConnectionContext connection, bool tls, ConnectionLimitsOptions options, TimeProvider time)
    {
        _limits = limits;
        _address = address;
        _connection = connection;
        _options = options;
        _stage = tls ? Stage.TlsHandshake : Stage.FirstBytes;
        _deadline = time.CreateTimer(_ => OnDeadline(), null, tls ? options.TlsHandshakeTimeout : options.FirstBytesTimeout, Timeout.InfiniteTimeSpan);
    }

    private enum Stage
    {
        TlsHandshake,
        FirstBytes,
        Active,
        Closed,
    }

    /// <summary>The TLS handshake is done: the first bytes' deadline starts now.</summary>
    public void HandshakeCompleted()
    {
        lock (_gate)
        {
            if (_stage == Stage.TlsHandshake)
            {
                _stage = Stage.FirstBytes;
                _deadline?.Change(_options.FirstBytesTimeout, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Enough bytes have arrived to hand the connection on; it is idle no more, and HTTP's or TURN's own timeouts apply.</summary>
    public void FirstBytesArrived()
    {
        lock (_gate)
        {
            if (_stage is Stage.TlsHandshake or Stage.FirstBytes)
            {
                _stage = Stage.Active;
                // Disposed and let go, not just stopped: an active connection (an idle WebSocket among them) has no
                // deadline left, and a disposed timer still referenced keeps its objects as long as the socket lives.
                ReleaseDeadline();
                _limits.Activated(_address);
            }
        }
    }

    public void Dispose()
    {
        ReleaseDeadline();
        lock (_gate)
        {
            if (_stage != Stage.Closed)
            {
                _limits.Released(_address, idle: _stage != Stage.Active);
                _stage = Stage.Closed;
            }
        }
    }

    private void ReleaseDeadline() => Interlocked.Exchange(ref _deadline, null)?.Dispose();

    private void OnDeadline()
    {
        string stage;
        TimeSpan timeout;
        lock (_gate)
        {
            (stage, timeout) = _stage switch
            {
                Stage.TlsHandshake => ("tls_handshake", _options.TlsHandshakeTimeout),
                Stage.FirstBytes => ("first_bytes", _options.FirstBytesTimeout),
                _ => (string.Empty, TimeSpan.Zero),
            };
        }

        if (stage.Length > 0)
        {
            _connection.Abort(new ConnectionAbortedException($"No {stage.Replace('_', ' ')} within {timeout.TotalSeconds:0.#} s."));
            _limits.TimedOut(stage, _connection.RemoteEndPoint, timeout);
        }
    }
}
