using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Parley.Turn.Grants;

/// <summary>
/// What the host has said about grants: live until a time (confirmed), or refused until a time (revoked, with its
/// reason); and which grants wait for the host's verification. Entries are forgotten once their time has passed
/// (<see cref="Prune"/>), so memory follows the host's calls, never the clients'. Reads are lock-free; writes
/// share one lock so that a revocation and a confirmation of one grant cannot interleave.
/// </summary>
internal sealed class GrantStates
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _confirmed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Revocation> _revoked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _awaitingVerification = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public bool IsRevoked(string grant, [NotNullWhen(true)] out Revocation? revocation) => _revoked.TryGetValue(grant, out revocation);

    /// <summary>Whether the host vouches for <paramref name="grant"/> at <paramref name="now"/>; a revocation outweighs any confirmation.</summary>
    public bool IsConfirmed(string grant, DateTimeOffset now) =>
        _confirmed.TryGetValue(grant, out DateTimeOffset until) && until > now && !_revoked.ContainsKey(grant);

    /// <summary>Confirms <paramref name="grant"/> until <paramref name="until"/> (or a later time already confirmed); false for a revoked grant.</summary>
    public bool Confirm(string grant, DateTimeOffset until)
    {
        lock (_gate)
        {
            if (_revoked.ContainsKey(grant))
            {
                return false;
            }

            _confirmed.AddOrUpdate(grant, until, (_, confirmed) => confirmed > until ? confirmed : until);
            _awaitingVerification.TryRemove(grant, out _);
            return true;
        }
    }

    /// <summary>Refuses <paramref name="grant"/> until <paramref name="until"/> (or a later time already set) and drops its confirmation.</summary>
    public void Revoke(string grant, string reason, DateTimeOffset until)
    {
        lock (_gate)
        {
            if (!_revoked.TryGetValue(grant, out Revocation? earlier) || earlier.Until < until)
            {
                _revoked[grant] = new Revocation(reason, until);
            }

            _confirmed.TryRemove(grant, out _);
            _awaitingVerification.TryRemove(grant, out _);
        }
    }

    /// <summary>Marks <paramref name="grant"/> as waiting for the host's verification; false when it already was.</summary>
    public bool TryAwaitVerification(string grant) => _awaitingVerification.TryAdd(grant, true);

    public void StopAwaitingVerification(string grant) => _awaitingVerification.TryRemove(grant, out _);

    /// <summary>Forgets confirmations and revocations whose time has passed.</summary>
    public void Prune(DateTimeOffset now)
    {
        lock (_gate)
        {
            foreach (KeyValuePair<string, DateTimeOffset> confirmed in _confirmed)
            {
                if (confirmed.Value <= now)
                {
                    _confirmed.TryRemove(confirmed);
                }
            }

            foreach (KeyValuePair<string, Revocation> revoked in _revoked)
            {
                if (revoked.Value.Until <= now)
                {
                    _revoked.TryRemove(revoked);
                }
            }
        }
    }
}

/// <summary>Why and until when a grant is refused; its first refused request is logged, the others only counted.</summary>
internal sealed class Revocation(string reason, DateTimeOffset until)
{
    private int _refusalLogged;

    public string Reason { get; } = reason;

    public DateTimeOffset Until { get; } = until;

    /// <summary>True exactly once: for the first request refused because of this revocation.</summary>
    public bool TakeFirstRefusal() => Interlocked.Exchange(ref _refusalLogged, 1) == 0;
}
