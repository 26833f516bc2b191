using Parley.Turn.Stun;

namespace Parley.Turn.Tests.Stun;

/// <summary>decode(encode(m)) == m for random valid messages (seeded, bounded).</summary>
public class StunRoundTripPropertyTests
{
    private sealed record Message(StunMessageType Type, StunTransactionId TransactionId, List<(ushort Type, byte[] Value)> Attributes);

    private static readonly StunAttributeType[] Reserved =
        [StunAttributeType.MessageIntegrity, StunAttributeType.MessageIntegritySha256, StunAttributeType.Fingerprint];

    [Fact]
    public void RandomValidMessages_DecodeToWhatWasEncoded()
    {
        var random = new Random(5769);
        var buffer = new byte[4096];
        byte[] key = new byte[16];
        random.NextBytes(key);

        for (int iteration = 0; iteration < 500; iteration++)
        {
            Message original = RandomMessage(random);
            bool withIntegrity = random.Next(2) == 0;
            bool withSha256 = random.Next(2) == 0;
            bool withFingerprint = random.Next(2) == 0;

            var writer = new StunMessageWriter(buffer, original.Type, original.TransactionId);
            foreach ((ushort type, byte[] value) in original.Attributes)
            {
                writer.Append((StunAttributeType)type, value);
            }

            if (withIntegrity)
            {
                writer.AppendMessageIntegrity(key);
            }

            if (withSha256)
            {
                writer.AppendMessageIntegritySha256(key);
            }

            if (withFingerprint)
            {
                writer.AppendFingerprint();
            }

            byte[] encoded = writer.Written.ToArray();
            Assert.True(StunMessageReader.TryParse(encoded, out StunMessageReader decoded, out StunDecodeError error), $"iteration {iteration}: {error}");
            Assert.Equal(original.Type, decoded.Type);
            Assert.Equal(original.TransactionId, decoded.TransactionId);

            var attributes = new List<(ushort, byte[])>();
            foreach (StunAttributeView attribute in decoded)
            {
                attributes.Add((attribute.Type, attribute.Value.ToArray()));
            }

            Assert.Equal(original.Attributes.Count, attributes.Count);
            for (int i = 0; i < attributes.Count; i++)
            {
                Assert.Equal(original.Attributes[i].Type, attributes[i].Item1);
                Assert.Equal(original.Attributes[i].Value, attributes[i].Item2);
            }

            Assert.Equal(withIntegrity, decoded.VerifyMessageIntegrity(key));
            Assert.Equal(withSha256, decoded.VerifyMessageIntegritySha256(key));
            Assert.Equal(withFingerprint, decoded.VerifyFingerprint());
        }
    }

    private static Message RandomMessage(Random random)
    {
        var type = new StunMessageType((StunMethod)random.Next(0x1000), (StunClass)random.Next(4));
        byte[] id = new byte[StunTransactionId.Length];
        random.NextBytes(id);

        var attributes = new List<(ushort, byte[])>();
        int count = random.Next(0, 12);
        for (int i = 0; i < count; i++)
        {
            ushort attributeType;
            do
            {
                attributeType = (ushort)random.Next(0x10000);
            }
            while (Array.IndexOf(Reserved, (StunAttributeType)attributeType) >= 0);

            byte[] value = new byte[random.Next(0, 80)];
            random.NextBytes(value);
            attributes.Add((attributeType, value));
        }

        return new Message(type, StunTransactionId.Read(id), attributes);
    }
}
