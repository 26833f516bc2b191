using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;

namespace Parley.Turn.Fuzz;

/// <summary>
/// The STUN/TURN decoder as the server uses it: parse, walk every attribute, read each typed attribute the server
/// understands, check integrity and fingerprint. Malformed input must be refused, never thrown on.
/// </summary>
public static class StunDecoderTarget
{
    private static readonly byte[] Key = new byte[16];

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (StunMessageReader.TryGetFramedLength(input, out int framed) && framed < StunMessageReader.HeaderLength)
        {
            throw new InvariantViolatedException($"a STUN frame length of {framed} is shorter than the header");
        }

        if (!StunMessageReader.TryParse(input, out StunMessageReader message, out _))
        {
            return;
        }

        int total = 0;
        foreach (StunAttributeView attribute in message)
        {
            total += StunMessageReader.AttributeHeaderLength + attribute.Value.Length;
            if (total > input.Length - StunMessageReader.HeaderLength)
            {
                throw new InvariantViolatedException("the attributes walked run past the end of the message");
            }
        }

        ReadTyped(message);
        Span<ushort> unknown = stackalloc ushort[16];
        message.GetUnknownComprehensionRequired(unknown);
        message.VerifyMessageIntegrity(Key);
        message.VerifyMessageIntegritySha256(Key);
        message.VerifyFingerprint();
    }

    private static void ReadTyped(in StunMessageReader message)
    {
        message.TryGet(out XorMappedAddressAttribute _);
        message.TryGet(out XorPeerAddressAttribute _);
        message.TryGet(out XorRelayedAddressAttribute _);
        message.TryGet(out LifetimeAttribute _);
        message.TryGet(out ChannelNumberAttribute _);
        message.TryGet(out RequestedTransportAttribute _);
        message.TryGet(out RequestedAddressFamilyAttribute _);
        message.TryGet(out AdditionalAddressFamilyAttribute _);
        message.TryGet(out EvenPortAttribute _);
        message.TryGet(out ReservationTokenAttribute _);
        message.TryGet(out DontFragmentAttribute _);
        message.TryGet(out ErrorCodeAttribute _);
        message.TryGet(out AddressErrorCodeAttribute _);
        message.TryGet(out UsernameAttribute _);
        message.TryGet(out UserHashAttribute _);
        message.TryGet(out RealmAttribute _);
        message.TryGet(out NonceAttribute _);
        message.TryGet(out SoftwareAttribute _);
        message.TryGet(out PasswordAlgorithmAttribute _);
        message.TryGet(out PasswordAlgorithmsAttribute _);
        message.TryGet(out UnknownAttributesAttribute _);
        message.TryGet(out DataAttribute _);
    }
}
