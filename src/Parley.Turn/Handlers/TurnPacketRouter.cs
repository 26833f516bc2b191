using Parley.Turn.Abuse;
using Parley.Turn.Allocations;
using Parley.Turn.Auth;
using Parley.Turn.Grants;
using Parley.Turn.Stun;
using Parley.Turn.Transports;

namespace Parley.Turn.Handlers;

/// <summary>
/// Entry point for every packet from a client, whatever the transport: tells ChannelData from STUN, parses,
/// authenticates, dispatches to the method's handler and writes the response. Malformed packets are dropped
/// without a response and without touching any state.
/// </summary>
internal sealed partial class TurnPacketRouter
{
    /// <summary>Large enough for any response this server writes (the biggest is a 420 or a dual Allocate).</summary>
    public const int ResponseBufferSize = 1024;

    // RFC 8489 §6.3.1: at most this many unknown attribute types are echoed in UNKNOWN-ATTRIBUTES.
    private const int MaxUnknownAttributes = 16;

    // RFC 8489 §14.8 leaves the reason phrase to the server: this one says why a valid credential is refused.
    private const string RevokedReasonPhrase = "Credential's grant revoked";

    private readonly TurnServerContext _server;
    private readonly RequestAuthenticator _authenticator;
    private readonly BindingHandler _binding = new();
    private readonly AllocateHandler _allocate;
    private readonly RefreshHandler _refresh;
    private readonly CreatePermissionHandler _createPermission;
    private readonly ChannelBindHandler _channelBind;
    private readonly SendIndicationHandler _send;
    private readonly ChannelDataHandler _channelData;

    public TurnPacketRouter(TurnServerContext server)
    {
        _server = server;
        _authenticator = new RequestAuthenticator(server.Options.Realm, server.Credentials, server.Nonces);
        _allocate = new AllocateHandler(server);
        _refresh = new RefreshHandler(server);
        _createPermission = new CreatePermissionHandler(server);
        _channelBind = new ChannelBindHandler(server);
        _send = new SendIndicationHandler(server);
        _channelData = new ChannelDataHandler(server.Allocations, server.MaximumChannel);
    }

    /// <summary>
    /// Handles one datagram or stream frame from <paramref name="fiveTuple"/>'s client and returns the length of
    /// the response written to <paramref name="response"/> (0: nothing to send).
    /// </summary>
    public int HandlePacket(ReadOnlySpan<byte> packet, in FiveTuple fiveTuple, IClientConnectionFactory connections, Span<byte> response)
    {
        // RFC 8656 §12: the two leading bits 0b01 mark ChannelData; STUN starts with 0b00.
        if (ChannelData.IsChannelData(packet))
        {
            _channelData.Handle(packet, fiveTuple);
            return 0;
        }

        if (!StunMessageReader.TryParse(packet, out StunMessageReader message, out StunDecodeError error))
        {
            _server.Logger.MalformedPacket(fiveTuple, error);
            return 0;
        }

        // RFC 8489 §7.3: a FINGERPRINT that does not match means the packet is not STUN: discard it.
        if (message.FingerprintOffset >= 0 && !message.VerifyFingerprint())
        {
            _server.Logger.MalformedPacket(fiveTuple, StunDecodeError.BadFingerprint);
            return 0;
        }

        switch (message.Type.Class)
        {
            case StunClass.Request:
                return HandleRequest(message, fiveTuple, connections, response);
            case StunClass.Indication when message.Type.Method == StunMethod.Send:
                _send.Handle(message, fiveTuple);
                return 0;
            default:
                // RFC 8489 §6.3.2-§6.3.4: other indications and unexpected responses are discarded.
                return 0;
        }
    }

    /// <summary>A stream connection closed: its allocation goes with it. RFC 8656 §3.1 (5-tuple lifetime).</summary>
    public void OnConnectionClosed(in FiveTuple fiveTuple) => _server.Allocations.Remove(fiveTuple, "TCP connection closed");

    private int HandleRequest(in StunMessageReader request, in FiveTuple fiveTuple, IClientConnectionFactory connections, Span<byte> response)
    {
        StunMethod method = request.Type.Method;
        IRequestHandler? handler = method switch
        {
            StunMethod.Binding => _binding,
            StunMethod.Allocate => _allocate,
            StunMethod.Refresh => _refresh,
            StunMethod.CreatePermission => _createPermission,
            StunMethod.ChannelBind => _channelBind,
            _ => null,
        };

        // RFC 8489 §6.3.1: a request for an unknown method gets 400.
        if (handler is null)
        {
            return MayAnswerUnauthenticated(method, fiveTuple, connections)
                ? WriteError(response, request, fiveTuple, StunErrorCode.BadRequest, default, [])
                : 0;
        }

        // RFC 8656 §5: every TURN request is authenticated with long-term credentials; Binding needs none.
        AuthenticationResult authentication = default;
        if (method == StunMethod.Binding)
        {
            if (!MayAnswerUnauthenticated(method, fiveTuple, connections))
            {
                return 0;
            }
        }
        else
        {
            authentication = _authenticator.Authenticate(request, fiveTuple.Client);
            if (!authentication.Succeeded)
            {
                // A 401 to a request without MESSAGE-INTEGRITY is the normal first challenge, not a failure.
                if (authentication.Error == StunErrorCode.Unauthenticated && (request.IntegrityOffset >= 0 || request.IntegritySha256Offset >= 0))
                {
                    _server.Metrics.AuthenticationFailed();
                }

                return MayAnswerUnauthenticated(method, fiveTuple, connections)
                    ? WriteError(response, request, fiveTuple, authentication.Error, default, [])
                    : 0;
            }

            // The host has ended this grant (TurnGrants.Revoke). The credential itself verified, so the 403 is signed
            // like any error after authentication (RFC 8489 §9.2.4), and tells the client not to retry (RFC 8656 §7.4).
            if (_server.GrantStates.IsRevoked(authentication.Owner.Grant, out Revocation? revocation))
            {
                _server.Refusals.RecordRevoked(method, fiveTuple, authentication.Owner.Grant, revocation);
                return WriteError(response, request, fiveTuple, StunErrorCode.Forbidden, authentication, [], RevokedReasonPhrase);
            }
        }

        // RFC 8489 §6.3.1: after authentication, unknown comprehension-required attributes draw 420.
        Span<ushort> unknown = stackalloc ushort[MaxUnknownAttributes];
        int unknownCount = request.GetUnknownComprehensionRequired(unknown);
        if (unknownCount > 0)
        {
            return WriteError(response, request, fiveTuple, StunErrorCode.UnknownAttribute, authentication, unknown[..unknownCount]);
        }

        var context = new RequestContext(request, fiveTuple, connections, authentication,
            new StunMessageWriter(response, request.Type.WithClass(StunClass.SuccessResponse), request.TransactionId));
        StunErrorCode result = handler.Handle(ref context);
        if (result != StunErrorCode.None)
        {
            return WriteError(response, request, fiveTuple, result, authentication, []);
        }

        StunMessageWriter writer = context.Response;
        return Finish(ref writer, request, authentication);
    }

    /// <summary>
    /// Whether an answer that proves nothing about the requester may go out. A UDP source address is unverified, so
    /// a flood of spoofed requests would turn our (larger) answers into a reflection attack on that address; answers
    /// beyond the per-source budget are dropped silently, which costs a real client a retransmission at most. A TCP
    /// peer has completed a handshake from its address, so nothing is reflected there, but each challenge costs the
    /// server work: a stream connection that asks for more than <see cref="StreamAnswerBudget"/> is closed (Binding,
    /// a keepalive some clients send, is not counted).
    /// </summary>
    private bool MayAnswerUnauthenticated(StunMethod method, in FiveTuple fiveTuple, IClientConnectionFactory connections)
    {
        if (fiveTuple.Protocol != TransportProtocol.Udp)
        {
            return method == StunMethod.Binding || TakeStreamAnswer(method, fiveTuple, connections);
        }

        if (_server.UnauthenticatedResponses.TryAcquire(fiveTuple.Client))
        {
            return true;
        }

        _server.Logger.UnauthenticatedResponseDropped(method, fiveTuple);
        return false;
    }

    private bool TakeStreamAnswer(StunMethod method, in FiveTuple fiveTuple, IClientConnectionFactory connections)
    {
        ClientConnection connection = connections.GetConnection(fiveTuple);
        if (connection.TryTakeUnauthenticatedAnswer(_server.TimeProvider.GetUtcNow().UtcTicks))
        {
            return true;
        }

        connection.Close("over its budget of unauthenticated answers");
        _server.Refusals.Record(RefusalReason.StreamBudget, method, fiveTuple, string.Empty);
        return false;
    }
}
