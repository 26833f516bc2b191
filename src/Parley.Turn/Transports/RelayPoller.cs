using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Parley.Turn.Allocations;
using Parley.Turn.Handlers;
using Parley.Turn.Native;
using Parley.Turn.Stun;

namespace Parley.Turn.Transports;

/// <summary>
/// One thread serving many relay sockets and plain TCP clients (Linux): it waits in <c>epoll_wait</c>, takes each ready
/// relay socket's queued datagrams with one <c>recvmmsg</c> and frames them for their clients in place; UDP clients'
/// frames of a round go out with one <c>sendmmsg</c> per listener socket, a TCP client's with one gathering non-blocking
/// <c>sendmsg</c> per batch (see <see cref="PolledTcpConnection"/>, which also reads its client's frames on this thread). The async socket loops
/// this replaces cost an event-loop dispatch, an async state machine, a second (empty) receive and a send call per
/// datagram, and their TCP sends waited on slow clients while their relay sockets overflowed.
/// Level-triggered with one batch (or one read) per socket per round, so a flooding peer or client gets no more than its turn.
/// </summary>
internal sealed unsafe class RelayPoller : IDisposable
{
    private const int MaxEvents = 64;

    // Datagrams taken from one socket per round, and held for sending at most (then the round's frames go out).
    private const int BatchSize = 16;
    private const int RoundCapacity = 4 * BatchSize;

    // Stopping wakes the thread through the eventfd; the timeout is a backstop, and how often an idle poller wakes.
    private const int WaitMilliseconds = 1000;

    // The epoll user data of the wake-up eventfd; registrations count from 1.
    private const long WakeId = 0;

    private readonly ConcurrentDictionary<long, Registration> _registrations = new();
    private readonly ILogger _logger;
    private readonly int _epoll;
    private readonly int _wake;
    private readonly Thread _thread;
    private long _lastId;
    private volatile bool _stopping;

    private RelayPoller(int epoll, int wake, ILogger logger, string name)
    {
        _epoll = epoll;
        _wake = wake;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>A started poller, or null when epoll is unavailable (the caller falls back to socket loops).</summary>
    public static RelayPoller? TryStart(ILogger logger, string name)
    {
        int epoll = LinuxSocketCalls.EpollCreate(LinuxSocketCalls.EpollCloexec);
        if (epoll < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            logger.NativeCallFailed("epoll_create1", errno);
            return null;
        }

        int wake = LinuxSocketCalls.EventFd(0, LinuxSocketCalls.EventFdCloexec | LinuxSocketCalls.EventFdNonBlocking);
        if (wake < 0 || !AddToEpoll(epoll, wake, WakeId))
        {
            int errno = Marshal.GetLastPInvokeError();
            logger.NativeCallFailed("eventfd", errno);
            LinuxSocketCalls.Close(epoll);
            if (wake >= 0)
            {
                LinuxSocketCalls.Close(wake);
            }

            return null;
        }

        return new RelayPoller(epoll, wake, logger, name);
    }

    /// <summary>
    /// Starts relaying <paramref name="relay"/>'s datagrams to <paramref name="owner"/>'s client (UDP, or TCP served by
    /// this poller). The returned registration must be disposed before the relay socket closes. Null when the socket
    /// could not be added.
    /// </summary>
    public IDisposable? TryAdd(RelayEndpoint relay, Allocation owner)
    {
        var registration = new Registration(this, Interlocked.Increment(ref _lastId), relay.Handle) { Owner = owner };
        return Register(registration) ? registration : null;
    }

    /// <summary>Starts serving a TCP client's socket; its watch (disposed when it closes) is set before the first event.</summary>
    public bool TryAdd(PolledTcpConnection connection)
    {
        var registration = new Registration(this, Interlocked.Increment(ref _lastId), connection.Handle) { Connection = connection };
        connection.Watch = registration;
        return Register(registration);
    }

    public void Dispose()
    {
        _stopping = true;
        long one = 1;
        LinuxSocketCalls.Write(_wake, &one, sizeof(long));
        _thread.Join();
        LinuxSocketCalls.Close(_epoll);
        LinuxSocketCalls.Close(_wake);
    }

    private static bool AddToEpoll(int epoll, int fd, long id) => EpollControl(epoll, LinuxSocketCalls.EpollCtlAdd, fd, id, LinuxSocketCalls.EpollIn);

    /// <summary><c>epoll_ctl</c> for <paramref name="events"/> of <paramref name="fd"/>, reported with <paramref name="id"/> as its user data.</summary>
    private static bool EpollControl(int epoll, int operation, int fd, long id, uint events)
    {
        byte* epollEvent = stackalloc byte[16];
        *(uint*)epollEvent = events;
        *(long*)(epollEvent + LinuxSocketCalls.EpollEventDataOffset) = id;
        return LinuxSocketCalls.EpollControl(epoll, operation, fd, epollEvent) == 0;
    }

    private bool Register(Registration registration)
    {
        _registrations[registration.Id] = registration;
        if (Control(LinuxSocketCalls.EpollCtlAdd, registration.Handle, registration.Id))
        {
            return true;
        }

        _registrations.TryRemove(registration.Id, out _);
        return false;
    }

    private bool Control(int operation, SafeSocketHandle handle, long id, uint events = LinuxSocketCalls.EpollIn)
    {
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (EpollControl(_epoll, operation, (int)handle.DangerousGetHandle(), id, events))
            {
                return true;
            }

            int errno = Marshal.GetLastPInvokeError();
            _logger.NativeCallFailed("epoll_ctl", errno);
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private void Run()
    {
        int eventSize = LinuxSocketCalls.EpollEventSize;
        int dataOffset = LinuxSocketCalls.EpollEventDataOffset;
        byte* events = stackalloc byte[MaxEvents * 16];
        byte[] response = new byte[TurnPacketRouter.ResponseBufferSize];
        var streamFrames = new ArraySegment<byte>[BatchSize];
        using var batch = new DatagramBatch(RoundCapacity, RelayEndpoint.Headroom, RelayEndpoint.MaxPayload);
        using var outgoing = new OutgoingDatagrams(RoundCapacity, _logger);
        while (!_stopping)
        {
            int ready = LinuxSocketCalls.EpollWait(_epoll, events, MaxEvents, WaitMilliseconds);
            if (ready < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != LinuxSocketCalls.ErrorInterrupted)
                {
                    _logger.NativeCallFailed("epoll_wait", errno);
                    Thread.Sleep(WaitMilliseconds);
                }

                continue;
            }

            int used = 0;
            for (int i = 0; i < ready; i++)
            {
                byte* epollEvent = events + (i * eventSize);
                long id = *(long*)(epollEvent + dataOffset);

                // An event of a registration removed since epoll_wait returned is stale: its socket may be closed.
                if (!_registrations.TryGetValue(id, out Registration? registration))
                {
                    continue;
                }

                if (registration.Connection is { } connection)
                {
                    Serve(connection, *(uint*)epollEvent, response);
                    continue;
                }

                if (used + BatchSize > RoundCapacity)
                {
                    outgoing.Flush();
                    used = 0;
                }

                used += Drain(registration, batch, used, outgoing, streamFrames);
            }

            outgoing.Flush();
        }
    }

    private void Serve(PolledTcpConnection connection, uint events, byte[] response)
    {
        try
        {
            connection.OnReady(events, response);
        }
        catch (Exception e)
        {
            // One client's failure must not stop the relaying of every allocation on this thread.
            _logger.ForwardFailed(e);
            connection.Close("it could not be served");
        }
    }

    /// <summary>Receives what is queued on one relay socket into the batch from <paramref name="start"/> on and queues the frames for the client.</summary>
    /// <remarks>A TCP client's frames of the batch are collected in <paramref name="streamFrames"/> and go out with one gathering send.</remarks>
    private int Drain(Registration registration, DatagramBatch batch, int start, OutgoingDatagrams outgoing, ArraySegment<byte>[] streamFrames)
    {
        SafeSocketHandle handle = registration.Handle;
        bool added = false;
        int received;
        int errno;
        try
        {
            // The reference keeps the descriptor from being closed (and reused by another socket) during the call.
            handle.DangerousAddRef(ref added);
            received = batch.Receive(handle.DangerousGetHandle(), LinuxSocketCalls.MsgDontWait, start, BatchSize, out errno);
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }

        if (received < 0)
        {
            // ICMP errors reported on the socket (ECONNREFUSED) and the like: the next datagram is still read.
            if (errno is not LinuxSocketCalls.ErrorWouldBlock and not LinuxSocketCalls.ErrorInterrupted)
            {
                _logger.NativeCallFailed("relay receive", errno);
            }

            return 0;
        }

        // The client is the allocation's for its whole life: which way its frames go is settled once per batch.
        Allocation owner = registration.Owner!;
        var udp = owner.Client as UdpClientConnection;
        var tcp = owner.Client as PolledTcpConnection;
        int streamCount = 0;
        for (int i = start; i < start + received; i++)
        {
            if (batch.IsTruncated(i))
            {
                _logger.SocketOperationFailed("Relay receive", SocketError.MessageSize);
                continue;
            }

            if (!batch.TryGetSource(i, out TransportAddress peer))
            {
                continue;
            }

            try
            {
                if (!owner.TryFrameFromPeer(batch.Buffer(i), batch.Length(i), peer, out Memory<byte> frame)
                    || !MemoryMarshal.TryGetArray(frame, out ArraySegment<byte> segment))
                {
                    continue;
                }

                if (udp is not null)
                {
                    outgoing.Add(udp.Listener, udp.Address, segment);
                }
                else if (tcp is not null)
                {
                    streamFrames[streamCount++] = segment;
                }
            }
            catch (Exception e)
            {
                // One bad datagram must not stop the relaying of every allocation on this thread.
                _logger.ForwardFailed(e);
            }
        }

        if (streamCount > 0)
        {
            tcp!.SendRelayed(streamFrames.AsSpan(0, streamCount));
        }

        return received;
    }

    /// <summary>A relay socket (of <see cref="Owner"/>) or a TCP client's socket (<see cref="Connection"/>), keyed by id.</summary>
    private sealed class Registration(RelayPoller poller, long id, SafeSocketHandle handle) : IPollerWatch
    {
        public long Id { get; } = id;

        public SafeSocketHandle Handle { get; } = handle;

        public Allocation? Owner { get; init; }

        public PolledTcpConnection? Connection { get; init; }

        public void WatchWritable(bool on)
        {
            if (!poller._stopping)
            {
                poller.Control(LinuxSocketCalls.EpollCtlMod, Handle, Id, on ? LinuxSocketCalls.EpollIn | LinuxSocketCalls.EpollOut : LinuxSocketCalls.EpollIn);
            }
        }

        public void Dispose()
        {
            // Once the poller is stopping its epoll descriptor may be closed (and its number reused): leave it be.
            if (poller._registrations.TryRemove(Id, out _) && !poller._stopping)
            {
                poller.Control(LinuxSocketCalls.EpollCtlDel, Handle, Id);
            }
        }
    }
}
