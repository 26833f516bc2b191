using Microsoft.Extensions.Options;
using Parley.Signaling.Rooms;
using Parley.Signaling.Seats;
using Parley.Turn.Grants;

namespace Parley.Server.Turn;

/// <summary>
/// Binds the embedded TURN server's relays to seats: a seat's credential (<see cref="SeatGrant"/>) works while the
/// seat is held, on every node, and no longer. A freed seat's grant is revoked at once, on every node (its
/// <see cref="ISeatReleases"/>); every <see cref="EmbeddedTurnOptions.SeatCheckInterval"/> the seat grants holding
/// relays here are checked against the room registry, held ones confirmed (so a call longer than its credential keeps
/// its relay) and gone ones revoked; a new relay of a grant not confirmed yet is checked at once. Other grants (a
/// diagnostics probe, an operator's own tools with the shared secret) are left to their own limits and expiry.
/// </summary>
public sealed partial class SeatRelayGuard(
    EmbeddedTurn turn,
    IRoomRegistry rooms,
    ISeatReleases seatReleases,
    IOptions<EmbeddedTurnOptions> options,
    TimeProvider time,
    ILogger<SeatRelayGuard> logger) : BackgroundService
{
    private TurnGrants? _grants;

    /// <summary>How long a check vouches for a held seat: a few checks, so one failed check (Redis busy) costs no relay.</summary>
    private TimeSpan ConfirmFor => options.Value.SeatCheckInterval * 3;

    /// <summary>Checks the seat grants holding relays on this node now; see the class summary.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken = default)
    {
        if (_grants is { } grants)
        {
            await CheckAsync(grants, grants.GetGrantsInUse(), cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (turn.Server is not { } server)
        {
            return;
        }

        _grants = server.Grants;
        _grants.UnconfirmedAllocation += OnUnconfirmedAllocation;
        seatReleases.Released += OnSeatReleased;
        try
        {
            using var timer = new PeriodicTimer(options.Value.SeatCheckInterval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await CheckAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogCheckFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            seatReleases.Released -= OnSeatReleased;
            _grants.UnconfirmedAllocation -= OnUnconfirmedAllocation;
        }
    }

    private async Task CheckAsync(TurnGrants grants, IReadOnlyList<string> inUse, CancellationToken cancellationToken)
    {
        var seats = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var grant in inUse)
        {
            if (SeatGrant.TryGetPeerId(grant, out var peerId))
            {
                seats[peerId] = grant;
            }
        }

        if (seats.Count == 0)
        {
            return;
        }

        var seated = await rooms.GetSeatedAsync(seats.Keys, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        foreach (var (peerId, grant) in seats)
        {
            if (seated.Contains(peerId))
            {
                grants.Confirm(grant, now + ConfirmFor);
            }
            else
            {
                grants.Revoke(grant, "seat no longer held", now + options.Value.CredentialLifetime);
            }
        }
    }

    private void OnSeatReleased(object? sender, string peerId) =>
        _grants?.Revoke(SeatGrant.For(peerId), "seat left", time.GetUtcNow() + options.Value.CredentialLifetime);

    private void OnUnconfirmedAllocation(object? sender, TurnGrantEventArgs e)
    {
        if (_grants is { } grants && SeatGrant.TryGetPeerId(e.Grant, out _))
        {
            _ = CheckOneAsync(grants, e.Grant);
        }
    }

    private async Task CheckOneAsync(TurnGrants grants, string grant)
    {
        try
        {
            await CheckAsync(grants, [grant], CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The periodic check retries whatever this one could not decide.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogCheckFailed(logger, e);
        }
    }

    [LoggerMessage(32, LogLevel.Warning, "Could not check the seats holding TURN relays against the room registry; retrying at the next check.", EventName = "SeatRelayCheckFailed")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
