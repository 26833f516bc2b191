using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Parley.Signaling.Rooms;

namespace Parley.Signaling.Abuse;

/// <summary>
/// Bounds the guessing of a passcode room. The slow hash (<see cref="LockedRoom.Key"/>) runs on the thread pool, at
/// most <see cref="AbuseOptions.MaxConcurrentPasscodeHashes"/> at once with a bounded queue, so guesses neither stall
/// a connection's receive loop nor take every core. Per room name, across all addresses, only so many joins may
/// look failed (a passcode join that opens an empty room, which is what a wrong guess does):
/// <see cref="AbuseOptions.PasscodeFailuresPerRoom"/>.
/// No oracle: the budget is taken before the passcode is hashed, so a refusal (<c>rate-limited</c>) is given whether
/// the passcode is right or wrong; a join that then finds the room occupied gives its token back.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A SemaphoreSlim needs disposing only once its AvailableWaitHandle was used; this one lives as long as the process.")]
public sealed class PasscodeGate
{
    // A name's bucket is forgotten once full again; the table is swept when it grows past this.
    private const int SweepAbove = 4096;

    private readonly AbuseOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _hashing;
    private readonly ConcurrentDictionary<string, TokenBucket> _failures = new(StringComparer.Ordinal);
    private readonly int _maxWaiting;
    private int _waiting;

    public PasscodeGate(IOptions<AbuseOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _hashing = new SemaphoreSlim(_options.MaxConcurrentPasscodeHashes);
        _maxWaiting = 32 * _options.MaxConcurrentPasscodeHashes;
    }

    /// <summary>
    /// The registry key of <paramref name="room"/> locked with <paramref name="passcode"/>, or null when the name has
    /// no failed-looking joins left or too many hashes are waiting: refuse the join as <c>rate-limited</c>.
    /// </summary>
    public async Task<string?> TryKeyAsync(string room, string passcode)
    {
        if (!Failures(room).TryTake())
        {
            return null;
        }

        if (Interlocked.Increment(ref _waiting) > _maxWaiting)
        {
            Interlocked.Decrement(ref _waiting);
            Failures(room).Return();
            return null;
        }

        try
        {
            await _hashing.WaitAsync().ConfigureAwait(false);
            try
            {
                return await Task.Run(() => LockedRoom.Key(room, passcode)).ConfigureAwait(false);
            }
            finally
            {
                _hashing.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <summary>After a join with a key from <see cref="TryKeyAsync"/>: one that did not look failed gives its token back.</summary>
    public void Joined(string room, bool lookedFailed)
    {
        if (!lookedFailed)
        {
            Failures(room).Return();
        }
    }

    private TokenBucket Failures(string room)
    {
        if (_failures.Count > SweepAbove)
        {
            foreach (var (name, bucket) in _failures)
            {
                if (bucket.IsFull)
                {
                    _failures.TryRemove(new KeyValuePair<string, TokenBucket>(name, bucket));
                }
            }
        }

        return _failures.GetOrAdd(room, static (_, self) => new TokenBucket(self._options.PasscodeFailuresPerRoom, self._time), this);
    }
}
