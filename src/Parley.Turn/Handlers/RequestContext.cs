using Parley.Turn.Allocations;
using Parley.Turn.Auth;
using Parley.Turn.Stun;
using Parley.Turn.Transports;

namespace Parley.Turn.Handlers;

/// <summary>
/// One authenticated request on its way through a handler. The handler appends its success attributes to
/// <see cref="Response"/> (already a success response of the right method) or returns an error code, in
/// which case the dispatcher discards them and writes the error response.
/// </summary>
internal ref struct RequestContext(
    StunMessageReader request,
    FiveTuple fiveTuple,
    IClientConnectionFactory connections,
    AuthenticationResult authentication,
    StunMessageWriter response)
{
    public readonly StunMessageReader Request = request;

    public readonly FiveTuple FiveTuple = fiveTuple;

    public readonly IClientConnectionFactory Connections = connections;

    public readonly AuthenticationResult Authentication = authentication;

    public StunMessageWriter Response = response;
}

/// <summary>Handles one STUN/TURN request method.</summary>
internal interface IRequestHandler
{
    StunErrorCode Handle(ref RequestContext context);
}
