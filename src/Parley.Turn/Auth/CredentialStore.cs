using System.Security.Cryptography;

namespace Parley.Turn.Auth;

/// <summary>
/// Answers "which passwords are valid for this user name right now": a static password from
/// configuration, and one per TURN REST shared secret (several secrets allow rotation) while the user
/// name's expiry is in the future.
/// </summary>
internal sealed class CredentialStore
{
    private readonly Dictionary<string, string> _staticUsers;
    private readonly string[] _sharedSecrets;
    private readonly (byte[] Hash, string Username)[] _userHashes;
    private readonly TimeProvider _timeProvider;

    public CredentialStore(TurnServerOptions options, TimeProvider timeProvider)
    {
        _staticUsers = new Dictionary<string, string>(options.StaticUsers, StringComparer.Ordinal);
        _sharedSecrets = [.. options.SharedSecrets];
        _timeProvider = timeProvider;

        // RFC 8489 §14.4: USERHASH can only be mapped back for users the server knows by name in advance.
        _userHashes = [.. _staticUsers.Keys.Select(user => (LongTermCredentials.ComputeUserHash(user, options.Realm), user))];
    }

    /// <summary>Adds the passwords valid for <paramref name="username"/> to <paramref name="passwords"/>.</summary>
    public void GetPasswords(string username, List<string> passwords)
    {
        if (_staticUsers.TryGetValue(username, out string? password))
        {
            passwords.Add(password);
        }

        if (_sharedSecrets.Length > 0
            && TurnRestCredentials.TryGetExpiry(username, out DateTimeOffset expiresAt)
            && expiresAt > _timeProvider.GetUtcNow())
        {
            foreach (string secret in _sharedSecrets)
            {
                passwords.Add(TurnRestCredentials.ComputePassword(secret, username));
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
