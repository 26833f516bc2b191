using System.Net.Sockets;
using CsCheck;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;

namespace Parley.Turn.Tests.Stun;

/// <summary>
/// decode(encode(m)) == m for generated STUN/TURN messages built from the typed attributes the server reads and
/// writes (CsCheck generates and, on failure, shrinks to a minimal message). Raw attribute round trips are in
/// <see cref="StunRoundTripPropertyTests"/>; framing round trips in ChannelDataFramingPropertyTests.
/// </summary>
public class TypedRoundTripPropertyTests
{
    private const int Iterations = 400;

    private static readonly StunMethod[] Methods =
        [StunMethod.Binding, StunMethod.Allocate, StunMethod.Refresh, StunMethod.Send, StunMethod.Data, StunMethod.CreatePermission, StunMethod.ChannelBind];

    private static readonly Gen<string> Text = Gen.Char[' ', '\u07FF'].Array[0, 60].Select(chars => new string(chars));

    private static readonly Gen<TransportAddress> Address = Gen.Bool.SelectMany(ipv4 => ipv4
        ? Gen.Select(Gen.UInt, Gen.UShort, (ip, port) => new TransportAddress(AddressFamily.InterNetwork, 0, ip, port))
        : Gen.Select(Gen.ULong, Gen.ULong, Gen.UShort, (high, low, port) => new TransportAddress(AddressFamily.InterNetworkV6, high, low, port)));

    private static readonly Gen<StunErrorCode> ErrorCode = Gen.Select(Gen.Int[3, 6], Gen.Int[0, 99], (@class, number) => (StunErrorCode)((@class * 100) + number));

    private static readonly Gen<byte> Family = Gen.OneOf(XorAddressCodec.FamilyIPv4, XorAddressCodec.FamilyIPv6);

    /// <summary>One generator per typed attribute; a message holds a random subset, each type at most once.</summary>
    private static readonly Gen<IAttributeCase>[] Cases =
    [
        Address.Select(IAttributeCase (a) => Case(new XorMappedAddressAttribute(a))),
        Address.Select(IAttributeCase (a) => Case(new XorPeerAddressAttribute(a))),
        Address.Select(IAttributeCase (a) => Case(new XorRelayedAddressAttribute(a))),
        Gen.UInt.Select(IAttributeCase (s) => Case(new LifetimeAttribute(s))),
        Gen.UShort[ChannelData.MinimumChannel, ChannelData.MaximumChannel].Select(IAttributeCase (n) => Case(new ChannelNumberAttribute(n))),
        Gen.Byte.Select(IAttributeCase (p) => Case(new RequestedTransportAttribute(p))),
        Gen.Bool.Select(IAttributeCase (r) => Case(new EvenPortAttribute(r))),
        Gen.ULong.Select(IAttributeCase (t) => Case(new ReservationTokenAttribute(t))),
        Family.Select(IAttributeCase (f) => Case(new RequestedAddressFamilyAttribute(f))),
        Family.Select(IAttributeCase (f) => Case(new AdditionalAddressFamilyAttribute(f))),
        Gen.Select(ErrorCode, Text, IAttributeCase (code, reason) => Case(new ErrorCodeAttribute(code, reason))),
        Gen.Select(Family, ErrorCode, Text, IAttributeCase (family, code, reason) => Case(new AddressErrorCodeAttribute(family, code, reason))),
        Text.Select(IAttributeCase (t) => Case(new UsernameAttribute(t))),
        Text.Select(IAttributeCase (t) => Case(new RealmAttribute(t))),
        Text.Select(IAttributeCase (t) => Case(new NonceAttribute(t))),
        Text.Select(IAttributeCase (t) => Case(new SoftwareAttribute(t))),
        Gen.Byte.Array[32].Select(IAttributeCase (h) => Case(new UserHashAttribute(h), (a, b) => a.Hash.SequenceEqual(b.Hash))),
        Gen.UShort.Array[0, 16].Select(IAttributeCase (t) => Case(new UnknownAttributesAttribute(t), (a, b) => a.Types.SequenceEqual(b.Types))),
        Gen.OneOf(PasswordAlgorithm.Md5, PasswordAlgorithm.Sha256).Select(IAttributeCase (p) => Case(new PasswordAlgorithmAttribute(p))),
        Gen.OneOf(PasswordAlgorithm.Md5, PasswordAlgorithm.Sha256).Array[1, 4]
            .Select(IAttributeCase (list) => Case(new PasswordAlgorithmsAttribute(list), (a, b) => a.Algorithms.SequenceEqual(b.Algorithms))),
        Gen.Byte.Array[0, 1200].Select(data => (IAttributeCase)new DataCase(data)),
        Gen.Const((IAttributeCase)new DontFragmentCase()),
    ];

    private static readonly Gen<Message> Messages =
        from method in Gen.OneOf(Methods)
        from @class in Gen.OneOf(StunClass.Request, StunClass.Indication, StunClass.SuccessResponse, StunClass.ErrorResponse)
        from id in Gen.Byte.Array[StunTransactionId.Length]
        from attributes in Gen.OneOf<IAttributeCase>(Cases).Array[0, 10].Select(list => list.DistinctBy(a => a.Type).ToArray())
        from integrity in Gen.Int[0, 2]
        from fingerprint in Gen.Bool
        select new Message(new StunMessageType(method, @class), StunTransactionId.Read(id), attributes, integrity, fingerprint);

    [Fact]
    public void GeneratedTurnMessages_DecodeToTheAttributesTheyWereBuiltFrom()
    {
        byte[] key = new byte[16];
        new Random(8656).NextBytes(key);
        byte[] buffer = new byte[4096];

        Messages.Sample(message =>
        {
            var writer = new StunMessageWriter(buffer, message.Type, message.TransactionId);
            foreach (IAttributeCase attribute in message.Attributes)
            {
                attribute.Write(ref writer);
            }

            if (message.Integrity == 1)
            {
                writer.AppendMessageIntegrity(key);
            }
            else if (message.Integrity == 2)
            {
                writer.AppendMessageIntegritySha256(key);
            }

            if (message.Fingerprint)
            {
                writer.AppendFingerprint();
            }

            byte[] encoded = writer.Written.ToArray();
            Assert.True(StunMessageReader.TryParse(encoded, out StunMessageReader decoded, out StunDecodeError error), $"{message}: {error}");
            Assert.Equal(message.Type, decoded.Type);
            Assert.Equal(message.TransactionId, decoded.TransactionId);
            foreach (IAttributeCase attribute in message.Attributes)
            {
                attribute.AssertDecoded(decoded);
            }

            Assert.Equal(message.Integrity == 1, decoded.VerifyMessageIntegrity(key));
            Assert.Equal(message.Integrity == 2, decoded.VerifyMessageIntegritySha256(key));
            Assert.Equal(message.Fingerprint, decoded.VerifyFingerprint());
        }, iter: Iterations, threads: 1);
    }

    private static AttributeCase<T> Case<T>(T value, Func<T, T, bool>? same = null)
        where T : IStunAttribute<T> => new AttributeCase<T>(value, same ?? EqualityComparer<T>.Default.Equals);

    private sealed record Message(StunMessageType Type, StunTransactionId TransactionId, IAttributeCase[] Attributes, int Integrity, bool Fingerprint)
    {
        public override string ToString() =>
            $"{Type} [{string.Join(", ", Attributes.Select(a => a.ToString()))}] integrity={Integrity} fingerprint={Fingerprint}";
    }

    private interface IAttributeCase
    {
        StunAttributeType Type { get; }

        void Write(ref StunMessageWriter writer);

        void AssertDecoded(in StunMessageReader message);
    }

    private sealed record AttributeCase<T>(T Value, Func<T, T, bool> Same) : IAttributeCase
        where T : IStunAttribute<T>
    {
        public StunAttributeType Type => T.Type;

        public void Write(ref StunMessageWriter writer) => writer.Append(Value);

        public void AssertDecoded(in StunMessageReader message)
        {
            Assert.True(message.TryGet(out T decoded), $"{T.Type} was written but does not decode");
            Assert.True(Same(Value, decoded), $"{T.Type}: wrote {Value}, read {decoded}");
        }

        public override string ToString() => Value.ToString() ?? typeof(T).Name;
    }

    private sealed record DataCase(byte[] Data) : IAttributeCase
    {
        public StunAttributeType Type => StunAttributeType.Data;

        public void Write(ref StunMessageWriter writer) => writer.Append(StunAttributeType.Data, Data);

        public void AssertDecoded(in StunMessageReader message)
        {
            Assert.True(message.TryGetAttribute(StunAttributeType.Data, out ReadOnlySpan<byte> value), "DATA was written but is missing");
            Assert.True(value.SequenceEqual(Data), $"DATA of {Data.Length} bytes came back as {value.Length} different bytes");
        }

        public override string ToString() => $"DATA({Data.Length})";
    }

    private sealed record DontFragmentCase : IAttributeCase
    {
        public StunAttributeType Type => StunAttributeType.DontFragment;

        public void Write(ref StunMessageWriter writer) => writer.Append(new DontFragmentAttribute());

        public void AssertDecoded(in StunMessageReader message) =>
            Assert.True(message.HasAttribute(StunAttributeType.DontFragment), "DONT-FRAGMENT was written but is missing");

        public override string ToString() => "DONT-FRAGMENT";
    }
}
