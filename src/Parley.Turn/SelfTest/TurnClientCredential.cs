using Parley.Turn.Auth;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;

namespace Parley.Turn.SelfTest;

/// <summary>
/// A TURN client's long-term credential (RFC 8489 §9.2): the username and password it was given, and the realm and
/// nonce the server's challenge named. Writes the requests such a client sends.
/// </summary>
internal sealed class TurnClientCredential(string username, string password)
{
    private string _realm = string.Empty;
    private string _nonce = string.Empty;

    /// <summary>The username the client authenticates with.</summary>
    public string Username => username;

    /// <summary>Whether a challenge has named a realm and nonce yet.</summary>
    public bool IsChallenged => _nonce.Length > 0;

    /// <summary>The MESSAGE-INTEGRITY key for the realm last named. RFC 8489 §9.2.2.</summary>
    public byte[] Key { get; private set; } = [];

    /// <summary>Takes the realm and nonce from an error response (401 or 438) that names them. RFC 8489 §9.2.4.</summary>
    public void TakeChallenge(in StunMessageReader response)
    {
        if (response.TryGet(out NonceAttribute nonce))
        {
            _nonce = nonce.Value;
        }

        if (response.TryGet(out RealmAttribute realm) && (realm.Value != _realm || Key.Length == 0))
        {
            _realm = realm.Value;
            Key = LongTermCredentials.ComputeKey(PasswordAlgorithm.Md5, username, _realm, password);
        }
    }

    /// <summary>
    /// Writes a request into <paramref name="buffer"/> and returns its length: a UDP relay for Allocate, the peer and
    /// lifetime when given, and the credential when <paramref name="authenticate"/> (the first Allocate goes without).
    /// </summary>
    public int WriteRequest(Span<byte> buffer, StunMethod method, StunTransactionId id, bool authenticate, System.Net.IPEndPoint? peer, uint? lifetime)
    {
        var writer = new StunMessageWriter(buffer, new StunMessageType(method, StunClass.Request), id);
        if (method == StunMethod.Allocate)
        {
            writer.Append(new RequestedTransportAttribute(RequestedTransportAttribute.Udp));
        }

        if (peer is not null)
        {
            writer.Append(new XorPeerAddressAttribute(TransportAddress.FromIPEndPoint(peer)));
        }

        if (lifetime is { } seconds)
        {
            writer.Append(new LifetimeAttribute(seconds));
        }

        if (authenticate)
        {
            writer.Append(new UsernameAttribute(username));
            writer.Append(new RealmAttribute(_realm));
            writer.Append(new NonceAttribute(_nonce));
            writer.AppendMessageIntegrity(Key);
        }

        writer.AppendFingerprint();
        return writer.Length;
    }
}
