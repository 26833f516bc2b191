using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;

namespace Parley.Turn.Handlers;

/// <summary>
/// Binding: tells the client its reflexive transport address. Answered on every transport without
/// authentication. RFC 8489 §3 and §6.3.1.1 (XOR-MAPPED-ADDRESS in the success response).
/// </summary>
internal sealed class BindingHandler : IRequestHandler
{
    public StunErrorCode Handle(ref RequestContext context)
    {
        context.Response.Append(new XorMappedAddressAttribute(context.FiveTuple.Client));
        return StunErrorCode.None;
    }
}
