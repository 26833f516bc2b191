using Microsoft.Extensions.Logging;
using Parley.Turn.Allocations;
using Parley.Turn.Auth;

namespace Parley.Turn.Grants;

/// <summary>
/// The host's say over who may relay, by grant: the part of a TURN REST user name after its expiry
/// (<see cref="TurnRestCredentials.GetGrant"/>; a static user's whole name), which the host chooses when it mints a
/// credential (a seat, a diagnostic probe). The server owns the mechanism, the host the policy:
/// <list type="bullet">
/// <item><see cref="Revoke"/> ends a grant at once: its allocations are deleted and every request with one of its
/// credentials is refused with 403 (Forbidden).</item>
/// <item><see cref="Confirm"/> vouches for a grant until a time: its credentials are accepted past their expiry, so a
/// call longer than the credential lifetime keeps its relay.</item>
/// <item>An allocation lives no longer than its credential's expiry unless its grant is confirmed by then.</item>
/// <item><see cref="GetGrantsInUse"/> and <see cref="UnconfirmedAllocation"/> tell the host what to verify.</item>
/// </list>
/// A host that calls none of these gets a plain TURN REST server: a credential is good until its expiry. Thread-safe.
/// </summary>
public sealed class TurnGrants
{
    private readonly GrantStates _states;
    private readonly AllocationTable _allocations;
    private readonly ITurnGrantPolicy? _policy;
    private readonly TurnGrantLimits _defaults;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    internal TurnGrants(GrantStates states, AllocationTable allocations, ITurnGrantPolicy? policy, TurnGrantLimits defaults, TimeProvider timeProvider, ILogger logger)
    {
        _states = states;
        _allocations = allocations;
        _policy = policy;
        _defaults = defaults;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Raised when an allocation is created for a grant the host has not confirmed, so the host can verify the grant
    /// at once (<see cref="Confirm"/> it if it is live, <see cref="Revoke"/> it if not). Raised on a thread-pool
    /// thread, never on the packet path, and once per grant until the grant is confirmed, revoked or holds no
    /// allocation any more. A handler that throws is logged, and the grant's next allocation raises the event again;
    /// <see cref="GetGrantsInUse"/> is the backstop for whatever the handler misses.
    /// </summary>
    public event EventHandler<TurnGrantEventArgs>? UnconfirmedAllocation;

    /// <summary>
    /// Ends <paramref name="grant"/>: every allocation it holds is deleted now, and until <paramref name="until"/>
    /// every Allocate, Refresh, CreatePermission and ChannelBind with one of its credentials is refused with 403
    /// (Send indications and ChannelData have nothing left to relay through). Its confirmation, if any, is dropped
    /// and later ones are ignored. Logged once with <paramref name="reason"/> (at Debug when it held no allocation here).
    /// </summary>
    /// <param name="grant">The grant, as minted.</param>
    /// <param name="reason">Why, for the log (say "seat left").</param>
    /// <param name="until">
    /// How long to refuse the grant: until the last credential minted for it expires (now plus the lifetime credentials
    /// are minted with is always enough). The revocation is forgotten after that, so memory stays bounded; the
    /// server never remembers it for less than the credentials of the grant's current allocations are valid.
    /// </param>
    /// <returns>The number of allocations deleted.</returns>
    public int Revoke(string grant, string reason, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (_allocations.LatestCredentialExpiry(grant) is { } inUse && inUse > until)
        {
            until = inUse;
        }

        _states.Revoke(grant, reason, until);
        int deleted = _allocations.RemoveGrant(grant, $"grant revoked ({reason})");
        _logger.GrantRevoked(deleted > 0 ? LogLevel.Information : LogLevel.Debug, grant, reason, deleted, until);
        return deleted;
    }

    /// <summary>
    /// Vouches that <paramref name="grant"/> is live until <paramref name="until"/> (a later confirmation already
    /// given stands): its credentials are accepted even once expired, and its allocations are not deleted when their
    /// credential expires. Confirm again before <paramref name="until"/> to keep a long call's relay.
    /// </summary>
    /// <returns>False when the grant is revoked, which no confirmation undoes.</returns>
    public bool Confirm(string grant, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return _states.Confirm(grant, until);
    }

    /// <summary>
    /// The grants holding allocations on this server now, for the host's periodic verification (confirm the live
    /// ones, revoke the rest). The server's own self-test grants are left out: the server vouches for them itself.
    /// </summary>
    public IReadOnlyList<string> GetGrantsInUse()
    {
        List<string> grants = _allocations.GetGrants();
        grants.RemoveAll(TurnSelfTest.IsOwnGrant);
        return grants;
    }

    /// <summary>The limits for a new allocation of <paramref name="grant"/>; null when the host's policy failed (logged).</summary>
    internal TurnGrantLimits? GetLimits(string grant)
    {
        if (_policy is null)
        {
            return _defaults;
        }

        TurnGrantLimits limits;
        try
        {
            limits = _policy.GetLimits(grant, _defaults);
        }
        catch (Exception e)
        {
            // A host's bug must not stop the receive thread that serves every other client.
            _logger.GrantPolicyFailed(e, grant, e.Message);
            return null;
        }

        if (limits.Problem is { } problem)
        {
            _logger.GrantPolicyFailed(null, grant, problem);
            return null;
        }

        return limits;
    }

    /// <summary>An allocation of <paramref name="grant"/> was created: has the host verify it when it has not vouched for it.</summary>
    internal void OnAllocated(string grant)
    {
        if (UnconfirmedAllocation is null || TurnSelfTest.IsOwnGrant(grant)
            || _states.IsConfirmed(grant, _timeProvider.GetUtcNow()) || !_states.TryAwaitVerification(grant))
        {
            return;
        }

        // Its last allocation may have gone meanwhile, taking the mark with it, or just before the mark was made.
        if (!_allocations.Holds(grant))
        {
            _states.StopAwaitingVerification(grant);
            return;
        }

        ThreadPool.QueueUserWorkItem(static state => state.Grants.Raise(state.Grant), (Grants: this, Grant: grant), preferLocal: false);
    }

    private void Raise(string grant)
    {
        try
        {
            UnconfirmedAllocation?.Invoke(this, new TurnGrantEventArgs(grant));
        }
        catch (Exception e)
        {
            // Thrown on a thread-pool thread, it would end the process.
            _states.StopAwaitingVerification(grant);
            _logger.UnconfirmedAllocationHandlerFailed(e, grant);
        }
    }
}
