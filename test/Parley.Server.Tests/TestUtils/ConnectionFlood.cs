using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Parley.Server.Tests.TestUtils;

/// <summary>What an attacking connection does once connected, before it falls silent.</summary>
public enum FloodKind
{
    /// <summary>Connects and says nothing.</summary>
    Silent,

    /// <summary>Sends one byte (the flood's <c>firstByte</c>) and nothing more.</summary>
    OneByte,

    /// <summary>Completes a TLS handshake, then says nothing.</summary>
    TlsSilent,

    /// <summary>Completes a TLS handshake, then sends one byte: too few to tell STUN from HTTP.</summary>
    TlsOneByte,

    /// <summary>Completes a TLS handshake negotiating ALPN <c>stun.turn</c>, then says nothing.</summary>
    TlsTurnSilent,
}

/// <summary>How long the server let one attacking connection live, or null when it was still open when the attacker gave up.</summary>
public sealed record FloodOutcome(FloodKind Kind, TimeSpan? ClosedAfter);

/// <summary>
/// An attacker on one loopback address holding as many connections as it can that say nothing or one byte, each
/// worker opening the next as soon as the server has closed its last (after a pause when the server refused it at
/// once, so the flood does not starve the machine's two cores of the call it runs beside). Bounded in attempts and time.
/// </summary>
public sealed class ConnectionFlood : IAsyncDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RefusedPause = TimeSpan.FromMilliseconds(200);

    private readonly IPAddress _source;
    private readonly IPEndPoint _target;
    private readonly FloodKind[] _kinds;
    private readonly byte _firstByte;
    private readonly TimeSpan _holdLimit;
    private readonly ConcurrentQueue<FloodOutcome> _outcomes = new();
    private readonly CancellationTokenSource _stop;
    private readonly Task _workers;
    private int _attemptsLeft;
    private int _next;

    private ConnectionFlood(IPAddress source, IPEndPoint target, FloodKind[] kinds, byte firstByte, int workers, int attempts, TimeSpan duration, TimeSpan holdLimit)
    {
        _source = source;
        _target = target;
        _kinds = kinds;
        _firstByte = firstByte;
        _holdLimit = holdLimit;
        _attemptsLeft = attempts;
        _stop = new CancellationTokenSource(duration);
        _workers = Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync)));
    }

    /// <summary>Every attempt's outcome so far.</summary>
    public IReadOnlyList<FloodOutcome> Outcomes => [.. _outcomes];

    /// <summary>
    /// Starts <paramref name="workers"/> connections at once from <paramref name="source"/> to <paramref name="target"/>,
    /// the kinds taken in turn (<see cref="FloodKind.OneByte"/> sends <paramref name="firstByte"/>), until
    /// <see cref="StopAsync"/>, <paramref name="attempts"/> or <paramref name="duration"/>. A connection still open after
    /// <paramref name="holdLimit"/> is given up as kept by the server.
    /// </summary>
    public static ConnectionFlood Start(IPAddress source, IPEndPoint target, FloodKind[] kinds, byte firstByte, int workers, int attempts, TimeSpan duration, TimeSpan holdLimit) =>
        new(source, target, kinds, firstByte, workers, attempts, duration, holdLimit);

    /// <summary>Opens no more connections and waits for those under way to be closed or given up.</summary>
    public async Task<IReadOnlyList<FloodOutcome>> StopAsync()
    {
        await _stop.CancelAsync();
        await _workers.WaitAsync(_holdLimit + StepTimeout + StepTimeout);
        return Outcomes;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _workers.WaitAsync(_holdLimit + StepTimeout + StepTimeout).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task WorkAsync()
    {
        while (!_stop.IsCancellationRequested && Interlocked.Decrement(ref _attemptsLeft) >= 0)
        {
            var kind = _kinds[(uint)Interlocked.Increment(ref _next) % _kinds.Length];
            var closedAfter = await AttemptAsync(kind);
            _outcomes.Enqueue(new FloodOutcome(kind, closedAfter));
            if (closedAfter < TimeSpan.FromMilliseconds(100))
            {
                try
                {
                    await Task.Delay(RefusedPause, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>How long after connecting the server closed the connection; null when it kept it past the hold limit.</summary>
    private async Task<TimeSpan?> AttemptAsync(FloodKind kind)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var step = new CancellationTokenSource(StepTimeout);
        var clock = new Stopwatch();
        SslStream? tls = null;
        try
        {
            socket.Bind(new IPEndPoint(_source, 0));
            await socket.ConnectAsync(_target, step.Token);
            clock.Start();
            await using var network = new NetworkStream(socket, ownsSocket: false);
            Stream stream = network;
            if (kind is FloodKind.OneByte)
            {
                await stream.WriteAsync(new[] { _firstByte }, step.Token);
            }
            else if (kind is FloodKind.TlsSilent or FloodKind.TlsOneByte or FloodKind.TlsTurnSilent)
            {
                // An attacker takes whatever certificate it is shown.
                tls = new SslStream(stream, leaveInnerStreamOpen: false, (_, certificate, _, _) => certificate is not null);
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = "127.0.0.1",
                    ApplicationProtocols = kind == FloodKind.TlsTurnSilent ? [new SslApplicationProtocol("stun.turn")] : null,
                }, step.Token);
                stream = tls;
                if (kind == FloodKind.TlsOneByte)
                {
                    await tls.WriteAsync(new byte[] { 0x00 }, step.Token);
                }
            }

            // The server sends nothing unasked but an error answer (a 400, a TLS alert) before it closes.
            using var hold = new CancellationTokenSource(_holdLimit);
            byte[] buffer = new byte[512];
            while (await stream.ReadAsync(buffer, hold.Token) > 0)
            {
            }

            return clock.Elapsed;
        }
        catch (OperationCanceledException)
        {
            // Neither closed nor served within the hold limit (or a connect or handshake step): kept.
            return null;
        }
        catch (Exception e) when (e is IOException or SocketException or System.Security.Authentication.AuthenticationException)
        {
            // Reset, or closed during the handshake: the server ended it.
            return clock.Elapsed;
        }
        finally
        {
            if (tls is not null)
            {
                await tls.DisposeAsync();
            }
        }
    }
}
