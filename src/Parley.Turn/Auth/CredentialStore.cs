using System.Security.Cryptography;
using Parley.Turn.Grants;

namespace Parley.Turn.Auth;

/// <summary>A password valid for a user name now, with the grant and expiry of the credential it belongs to.</summary>
internal readonly record struct ValidCredential(string Password, string Grant, DateTimeOffset? ExpiresAt);

/// <summary>
/// Answers "which passwords are valid for this user name right now": a static password from configuration (the
/// user is its own grant), and one per TURN REST shared secret (several secrets allow rotation) while the user
/// name's expiry is in the future, or while the host confirms its grant (<see cref="TurnGrants.Confirm"/>).
/// </summary>
internal sealed class CredentialStore
{
    private readonly Dictionary<string, string> _staticUsers;
    private readonly string[] _sharedSecrets;
    private readonly (byte[] Hash, string Username)[] _userHashes;
    private readonly TimeProvider _timeProvider;
    private readonly GrantStates _grants;

    public CredentialStore(TurnServerOptions options, TimeProvider timeProvider, GrantStates grants)
    {
        _staticUsers = new Dictionary<string, string>(options.StaticUsers, StringComparer.Ordinal);
        _sharedSecrets = [.. options.SharedSecrets];
        _timeProvider = timeProvider;
        _grants = grants;

        // RFC 8489 §14.4: USERHASH can only be mapped back for users the server knows by name in advance.
        _userHashes = [.. _staticUsers.Keys.Select(user => (LongTermCredentials.ComputeUserHash(user, options.Realm), user))];
    }

    /// <summary>Adds the credentials valid for <paramref name="username"/> now to <paramref name="valid"/>.</summary>
    public void GetValidCredentials(string username, List<ValidCredential> valid)
    {
        if (_staticUsers.TryGetValue(username, out string? password))
        {
            valid.Add(new ValidCredential(password, username, null));
        }

        if (_sharedSecrets.Length == 0 || !TurnRestCredentials.TryGetExpiry(username, out DateTimeOffset expiresAt))
        {
            return;
        }

        DateTimeOffset now = _timeProvider.GetUtcNow();
        string grant = TurnRestCredentials.GetGrant(username);
        if (expiresAt > now || _grants.IsConfirmed(grant, now))
        {
            foreach (string secret in _sharedSecrets)
            {
                valid.Add(new ValidCredential(TurnRestCredentials.ComputePassword(secret, username), grant, expiresAt));
            }
        }
    }

    public bool TryResolveUserHash(ReadOnlySpan<byte> hash, out string username)
    {
        foreach ((byte[] candidate, string user) in _userHashes)
        {
            if (CryptographicOperations.FixedTimeEquals(candidate, hash))
            {
                username = user;
                return true;
            }
        }

        username = string.Empty;
        return false;
    }
}
