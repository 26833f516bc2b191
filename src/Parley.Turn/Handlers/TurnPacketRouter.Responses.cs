using Parley.Turn.Allocations;
using Parley.Turn.Auth;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;

namespace Parley.Turn.Handlers;

/// <summary>Error responses and the attributes every response ends with.</summary>
internal sealed partial class TurnPacketRouter
{
    private int WriteError(
        Span<byte> buffer,
        in StunMessageReader request,
        in FiveTuple fiveTuple,
        StunErrorCode code,
        in AuthenticationResult authentication,
        ReadOnlySpan<ushort> unknownAttributes,
        string? reasonPhrase = null)
    {
        _server.Logger.RequestRejected(request.Type.Method, fiveTuple, (int)code);
        var writer = new StunMessageWriter(buffer, request.Type.WithClass(StunClass.ErrorResponse), request.TransactionId);
        // RFC 8489 §14.8: the reason phrase is only for diagnostics. The 401 goes to unverified sources, so it
        // carries none: every byte of it is reflection gain (docs/security.md, "Amplification").
        writer.Append(code == StunErrorCode.Unauthenticated ? new ErrorCodeAttribute(code, string.Empty)
            : new ErrorCodeAttribute(code, reasonPhrase ?? StunErrorCodes.GetReasonPhrase(code)));

        if (code == StunErrorCode.UnknownAttribute)
        {
            writer.Append(new UnknownAttributesAttribute(unknownAttributes.ToArray()));
        }

        // RFC 8489 §9.2.4: 401 and 438 carry REALM, a fresh NONCE and, as the nonce advertises the
        // "Password algorithms" feature, PASSWORD-ALGORITHMS.
        if (code is StunErrorCode.Unauthenticated or StunErrorCode.StaleNonce)
        {
            writer.Append(new RealmAttribute(_server.Options.Realm));
            writer.Append(new NonceAttribute(_server.Nonces.Issue(fiveTuple.Client)));
            writer.Append(RequestAuthenticator.OfferedAlgorithms);
        }

        return Finish(ref writer, request, authentication);
    }

    /// <summary>
    /// SOFTWARE when configured, MESSAGE-INTEGRITY(-SHA256) with the request's key when it was authenticated
    /// (RFC 8489 §9.2.4: the response uses the same integrity attribute as the request), and FINGERPRINT when the
    /// request carried one.
    /// </summary>
    private int Finish(ref StunMessageWriter writer, in StunMessageReader request, in AuthenticationResult authentication)
    {
        if (_server.Options.Software is { } software)
        {
            writer.Append(new SoftwareAttribute(software));
        }

        if (authentication is { Succeeded: true, Key: { } key })
        {
            if (authentication.UseSha256)
            {
                writer.AppendMessageIntegritySha256(key);
            }
            else
            {
                writer.AppendMessageIntegrity(key);
            }
        }

        if (request.FingerprintOffset >= 0)
        {
            writer.AppendFingerprint();
        }

        return writer.Length;
    }
}
