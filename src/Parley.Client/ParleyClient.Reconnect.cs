using System.Net.WebSockets;
using Parley.Signaling.Contracts;

namespace Parley.Client;

public sealed partial class ParleyClient
{
    /// <summary>A draining server asks its clients to move: the socket is closed and a new one opened (through a load balancer, on another node).</summary>
    private void ServerAskedToReconnect(ClientConnection connection)
    {
        lock (_gate)
        {
            if (_connection != connection || _state != ParleyConnectionState.Open)
            {
                return;
            }

            _connection = null;
            _state = ParleyConnectionState.Reconnecting;
        }

        _ = connection.CloseAsync("The server asked this client to reconnect");
        StartReconnecting(new ReconnectingEvent(ReconnectReason.ServerRequested, null, "the server is shutting down and asked this client to reconnect"));
    }

    /// <summary>The receive loop of <paramref name="connection"/> ended.</summary>
    internal void ConnectionClosed(ClientConnection connection, WebSocketCloseStatus? status, string? description)
    {
        bool wasOpen;
        lock (_gate)
        {
            if (_connection != connection)
            {
                // Closed by this client (disposed, or moving after Reconnect), or an attempt the reconnect loop gave up on.
                return;
            }

            _connection = null;
            wasOpen = _state == ParleyConnectionState.Open;
            if (wasOpen)
            {
                _state = RefusesThisClient(status) ? ParleyConnectionState.Closed : ParleyConnectionState.Reconnecting;
            }
        }

        if (!wasOpen)
        {
            // A connection being restored after a reconnect: its pending Resume fails and the loop tries again.
            return;
        }

        var detail = status is { } code
            ? $"the server closed the connection with {(int)code}{(string.IsNullOrEmpty(description) ? string.Empty : ": " + description)}"
            : "the connection dropped";
        if (RefusesThisClient(status))
        {
            ClientLog.Closed(_logger, SocketUri, detail);
            Raise(new ClosedEvent(status, detail));
            return;
        }

        StartReconnecting(new ReconnectingEvent(ReconnectReason.ConnectionLost, status, detail));
    }

    private void StartReconnecting(ReconnectingEvent reconnecting)
    {
        ClientLog.Reconnecting(_logger, SocketUri, reconnecting.Detail);
        Raise(reconnecting);
        lock (_gate)
        {
            if (_state == ParleyConnectionState.Reconnecting)
            {
                _reconnecting = Task.Run(() => ReconnectAsync(reconnecting.Detail, _stopping.Token));
            }
        }
    }

    /// <summary>Opens new sockets on the <see cref="ReconnectSchedule"/> until one is back with the seat resumed, or gives up.</summary>
    private async Task ReconnectAsync(string lost, CancellationToken stopping)
    {
        var time = _options.TimeProvider;
        var since = time.GetTimestamp();
        var failure = lost;
        for (var attempt = 0; ; attempt++)
        {
            if (ReconnectSchedule.NextDelay(attempt, time.GetElapsedTime(since)) is not { } delay)
            {
                GiveUp(failure);
                return;
            }

            try
            {
                await Task.Delay(delay, time, stopping).ConfigureAwait(false);
                var connection = await ClientConnection.OpenAsync(SocketUri, _options, this, stopping).ConfigureAwait(false);
                if (await RestoreAsync(connection, stopping).ConfigureAwait(false))
                {
                    ClientLog.Reconnected(_logger, SocketUri, attempt + 1);
                    return;
                }

                failure = "the server is draining too";
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // An attempt that failed in any way is followed by the next; the schedule decides when to give up.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e.Message;
            }

            ClientLog.AttemptFailed(_logger, attempt + 1, SocketUri, failure);
        }
    }

    /// <summary>
    /// Makes <paramref name="connection"/> the client's, unlocks with the passcode and resumes the seat; true once the
    /// client is open again, false when the node reached is draining as well. <see cref="Reconnected"/> is raised on
    /// the receive loop as the answer arrives, so it comes before any event that follows the answer.
    /// </summary>
    private async Task<bool> RestoreAsync(ClientConnection connection, CancellationToken stopping)
    {
        ParleySeat? seat;
        string? passcode;
        lock (_gate)
        {
            if (stopping.IsCancellationRequested)
            {
                _ = connection.CloseAsync("The client was disposed");
                stopping.ThrowIfCancellationRequested();
            }

            _connection = connection;
            seat = _seat;
            passcode = _passcode;
            if (seat is null && passcode is null)
            {
                _state = ParleyConnectionState.Open;
            }
        }

        if (seat is null && passcode is null)
        {
            Raise(new ReconnectedEvent(null));
            connection.StartReceiving();
            return true;
        }

        connection.StartReceiving();
        var restored = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (passcode is not null)
        {
            // Every new connection starts without a passcode: the seat of a locked room is found only with it.
            connection.Call(
                SignalingCalls.Unlock,
                [passcode],
                SignalingJsonContext.Default.SignalingResult,
                (unlocked, error) =>
                {
                    if (error is not null || unlocked?.Error is not null)
                    {
                        restored.TrySetException(error ?? new ParleyCallException(SignalingCalls.Unlock, unlocked!.Error!));
                    }
                    else
                    {
                        Resume(connection, seat, restored, stopping);
                    }
                },
                stopping);
        }
        else
        {
            Resume(connection, seat, restored, stopping);
        }

        try
        {
            return await restored.Task.ConfigureAwait(false);
        }
        catch
        {
            Abandon(connection);
            throw;
        }
    }

    /// <summary>Sends <c>Resume</c> for <paramref name="seat"/> (or nothing more without one) and settles <paramref name="restored"/> on the receive loop.</summary>
    private void Resume(ClientConnection connection, ParleySeat? seat, TaskCompletionSource<bool> restored, CancellationToken stopping)
    {
        if (seat is null)
        {
            Reopened(connection, null, restored);
            return;
        }

        connection.Call(
            SignalingCalls.Resume,
            [seat.Room, seat.Username, seat.ResumeToken],
            SignalingJsonContext.Default.JoinResult,
            (resumed, error) =>
            {
                if (error is not null)
                {
                    restored.TrySetException(error);
                }
                else if (resumed!.Error?.Code == SignalingErrors.ServerDraining.Code)
                {
                    Abandon(connection);
                    restored.TrySetResult(false);
                }
                else
                {
                    Reopened(connection, resumed, restored);
                }
            },
            stopping);
    }

    private void Reopened(ClientConnection connection, JoinResult? resumed, TaskCompletionSource<bool> restored)
    {
        lock (_gate)
        {
            if (_connection != connection)
            {
                restored.TrySetException(new ParleyConnectionException("The new connection closed while it was being restored."));
                return;
            }

            _state = ParleyConnectionState.Open;
            if (resumed is not null)
            {
                _seat = resumed is { Error: null, PeerId: { } peerId, ResumeToken: { } token } && _seat is { } seat
                    ? seat with { PeerId = peerId, ResumeToken = token }
                    : null;
            }
        }

        Raise(new ReconnectedEvent(resumed));
        restored.TrySetResult(true);
    }

    /// <summary>Gives up on a connection the reconnect loop could not restore.</summary>
    private void Abandon(ClientConnection connection)
    {
        lock (_gate)
        {
            if (_connection == connection)
            {
                _connection = null;
            }
        }

        _ = connection.CloseAsync("The reconnect attempt failed");
    }

    private void GiveUp(string failure)
    {
        lock (_gate)
        {
            if (_state != ParleyConnectionState.Reconnecting)
            {
                return;
            }

            _state = ParleyConnectionState.Closed;
        }

        var detail = $"could not reconnect within {ReconnectSchedule.GiveUpAfter.TotalSeconds} s; last: {failure}";
        ClientLog.Closed(_logger, SocketUri, detail);
        Raise(new ClosedEvent(null, detail));
    }
}
