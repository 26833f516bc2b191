using Parley.Turn.Allocations;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;

namespace Parley.Turn.Auth;

/// <summary>The outcome of the long-term credential check: the credential's owner and key on success, else the error code.</summary>
internal readonly record struct AuthenticationResult(StunErrorCode Error, AllocationOwner Owner, byte[]? Key, bool UseSha256)
{
    public bool Succeeded => Error == StunErrorCode.None;

    public string Username => Owner.Username;

    public static AuthenticationResult Fail(StunErrorCode error) => new(error, new AllocationOwner(string.Empty, string.Empty, null), null, false);
}

/// <summary>
/// The server side of the long-term credential mechanism with the RFC 8489 additions (MESSAGE-INTEGRITY-SHA256,
/// PASSWORD-ALGORITHMS, USERHASH). Clients that ignore the additions, as browsers do, get the classic
/// MD5 key and HMAC-SHA1 path. RFC 8489 §9.2.4.
/// </summary>
internal sealed class RequestAuthenticator(string realm, CredentialStore credentials, StatelessNonce nonces)
{
    /// <summary>The algorithms offered in 401/438 responses, strongest first.</summary>
    public static readonly PasswordAlgorithmsAttribute OfferedAlgorithms = new([PasswordAlgorithm.Sha256, PasswordAlgorithm.Md5]);

    public AuthenticationResult Authenticate(in StunMessageReader request, TransportAddress client)
    {
        // 1. "If the message does not contain a MESSAGE-INTEGRITY or a MESSAGE-INTEGRITY-SHA256 attribute, the
        //    server MUST generate an error response with an error code of 401 (Unauthenticated)."
        bool sha256 = request.IntegritySha256Offset >= 0;
        if (!sha256 && request.IntegrityOffset < 0)
        {
            return AuthenticationResult.Fail(StunErrorCode.Unauthenticated);
        }

        // 2. Missing USERNAME or USERHASH, REALM or NONCE: 400 (Bad Request).
        bool hasUsername = request.TryGet(out UsernameAttribute username);
        bool hasUserHash = request.TryGet(out UserHashAttribute userHash);
        if ((!hasUsername && !hasUserHash) || !request.TryGet(out RealmAttribute requestRealm) || !request.TryGet(out NonceAttribute nonce))
        {
            return AuthenticationResult.Fail(StunErrorCode.BadRequest);
        }

        // 3. Bid-down protection when our nonce advertised "Password algorithms": either neither attribute (MD5),
        //    or both, with PASSWORD-ALGORITHMS equal to what we sent and PASSWORD-ALGORITHM taken from it.
        if (!TrySelectAlgorithm(request, nonce.Value, out PasswordAlgorithm algorithm))
        {
            return AuthenticationResult.Fail(StunErrorCode.BadRequest);
        }

        // 4. An unknown user name or user hash (or an expired REST user name, or a foreign realm): 401.
        string user = hasUsername ? username.Value : string.Empty;
        if ((!hasUsername && !credentials.TryResolveUserHash(userHash.Hash, out user)) || requestRealm.Value != realm)
        {
            return AuthenticationResult.Fail(StunErrorCode.Unauthenticated);
        }

        // 5. Compute the integrity with each valid password (REST secrets rotate); no match: 401.
        byte[]? key = FindMatchingKey(request, user, algorithm, sha256, out ValidCredential credential);
        if (key is null)
        {
            return AuthenticationResult.Fail(StunErrorCode.Unauthenticated);
        }

        // 6. "If the NONCE is no longer valid, the server MUST generate an error response with an error code of
        //    438 (Stale Nonce)." Checked after the integrity so only holders of the key learn about staleness.
        return nonces.Validate(nonce.Value, client) == NonceStatus.Valid
            ? new AuthenticationResult(StunErrorCode.None, new AllocationOwner(user, credential.Grant, credential.ExpiresAt), key, sha256)
            : AuthenticationResult.Fail(StunErrorCode.StaleNonce);
    }

    private static bool TrySelectAlgorithm(in StunMessageReader request, string nonce, out PasswordAlgorithm algorithm)
    {
        algorithm = PasswordAlgorithm.Md5;
        bool hasList = request.TryGet(out PasswordAlgorithmsAttribute list);
        bool hasChoice = request.TryGet(out PasswordAlgorithmAttribute choice);
        if (!StatelessNonce.HasPasswordAlgorithmsFeature(nonce) || (!hasList && !hasChoice))
        {
            return true;
        }

        if (!hasList || !hasChoice || !list.SequenceEqual(OfferedAlgorithms) || Array.IndexOf(list.Algorithms, choice.Algorithm) < 0)
        {
            return false;
        }

        algorithm = choice.Algorithm;
        return true;
    }

    private byte[]? FindMatchingKey(in StunMessageReader request, string user, PasswordAlgorithm algorithm, bool sha256, out ValidCredential match)
    {
        var valid = new List<ValidCredential>(2);
        credentials.GetValidCredentials(user, valid);
        foreach (ValidCredential credential in valid)
        {
            byte[] key = LongTermCredentials.ComputeKey(algorithm, user, realm, credential.Password);
            if (sha256 ? request.VerifyMessageIntegritySha256(key) : request.VerifyMessageIntegrity(key))
            {
                match = credential;
                return key;
            }
        }

        match = default;
        return null;
    }
}
