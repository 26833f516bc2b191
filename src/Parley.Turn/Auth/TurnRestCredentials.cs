using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Parley.Turn.Auth;

/// <summary>
/// The TURN REST shared-secret scheme (draft-uberti-behave-turn-rest-00), byte-compatible with coturn's
/// <c>use-auth-secret</c>: the user name is <c>&lt;expiry unix time&gt;:&lt;user&gt;</c> and the password is
/// <c>base64(HMAC-SHA1(secret, username))</c>. The server needs no per-user state; the timestamp is an
/// expiry, and credentials past it are refused (unless the host confirms their grant, see <see cref="Grants.TurnGrants"/>).
/// The part after the expiry is the credential's <em>grant</em>: whom the host gave it to. Quotas, limits and
/// revocation go by grant, so fetching a fresh credential (a new expiry) does not make anyone somebody else.
/// </summary>
public static class TurnRestCredentials
{
    /// <summary>Separates the expiry from the user id, as coturn's default <c>rest-api-separator</c>.</summary>
    public const char Separator = ':';

    /// <summary>
    /// Mints a credential for <paramref name="user"/> that expires <paramref name="timeToLive"/> from now.
    /// </summary>
    /// <param name="sharedSecret">One of the server's <see cref="TurnServerOptions.SharedSecrets"/>.</param>
    /// <param name="user">The grant: an opaque id for logs, quotas and revocation (a seat, say); must not contain ':'. May be empty.</param>
    /// <param name="timeToLive">How long the credential is accepted for new requests.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public static TurnRestCredential Create(string sharedSecret, string user, TimeSpan timeToLive, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(sharedSecret);
        ArgumentNullException.ThrowIfNull(user);
        if (user.Contains(Separator, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The user id must not contain '{Separator}'.", nameof(user));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeToLive, TimeSpan.Zero);

        DateTimeOffset now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        long expiry = now.Add(timeToLive).ToUnixTimeSeconds();
        string username = user.Length == 0
            ? expiry.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{expiry}{Separator}{user}");
        return new TurnRestCredential(username, ComputePassword(sharedSecret, username), DateTimeOffset.FromUnixTimeSeconds(expiry));
    }

    /// <summary>The password the server expects for <paramref name="username"/> under <paramref name="sharedSecret"/>.</summary>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "The TURN REST scheme and coturn's use-auth-secret define HMAC-SHA1.")]
    public static string ComputePassword(string sharedSecret, string username)
    {
        ArgumentNullException.ThrowIfNull(sharedSecret);
        ArgumentNullException.ThrowIfNull(username);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(sharedSecret), Encoding.UTF8.GetBytes(username)));
    }

    /// <summary>The grant of a REST user name: what follows the first ':' (the user given to <see cref="Create"/>), empty when nothing does.</summary>
    public static string GetGrant(string username)
    {
        ArgumentNullException.ThrowIfNull(username);
        int separator = username.IndexOf(Separator, StringComparison.Ordinal);
        return separator < 0 ? string.Empty : username[(separator + 1)..];
    }

    /// <summary>Reads the expiry from a REST user name: the digits before the first ':' (or all of it).</summary>
    public static bool TryGetExpiry(string username, out DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(username);
        expiresAt = default;
        int separator = username.IndexOf(Separator, StringComparison.Ordinal);
        ReadOnlySpan<char> timestamp = separator < 0 ? username : username.AsSpan(0, separator);
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        expiresAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }
}
