using System.Buffers.Binary;
using System.Net;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;

namespace Parley.Turn.Tests.TestUtils;

/// <summary>A parsed copy of a received STUN message that tests can keep across awaits.</summary>
internal sealed class StunTestMessage
{
    private StunTestMessage(byte[] raw, StunMessageType type, StunTransactionId transactionId, List<(ushort Type, byte[] Value)> attributes)
    {
        Raw = raw;
        Type = type;
        TransactionId = transactionId;
        Attributes = attributes;
    }

    public byte[] Raw { get; }

    public StunMessageType Type { get; }

    public StunTransactionId TransactionId { get; }

    public List<(ushort Type, byte[] Value)> Attributes { get; }

    public int ErrorCode
    {
        get
        {
            byte[]? value = Get(StunAttributeType.ErrorCode);
            return value is null ? 0 : ((value[2] & 7) * 100) + value[3];
        }
    }

    /// <summary>The reason phrase of ERROR-CODE; empty when there is none.</summary>
    public string ReasonPhrase => Get(StunAttributeType.ErrorCode) is { Length: > 4 } value ? System.Text.Encoding.UTF8.GetString(value, 4, value.Length - 4) : string.Empty;

    public static StunTestMessage Parse(byte[] raw)
    {
        Assert.True(StunMessageReader.TryParse(raw, out StunMessageReader reader, out StunDecodeError error), $"not STUN: {error}");
        var attributes = new List<(ushort, byte[])>();
        foreach (StunAttributeView attribute in reader)
        {
            attributes.Add((attribute.Type, attribute.Value.ToArray()));
        }

        return new StunTestMessage(raw, reader.Type, reader.TransactionId, attributes);
    }

    public byte[]? Get(StunAttributeType type) =>
        Attributes.Where(a => a.Type == (ushort)type).Select(a => a.Value).FirstOrDefault();

    public bool Has(StunAttributeType type) => Get(type) is not null;

    public string GetString(StunAttributeType type) => System.Text.Encoding.UTF8.GetString(Get(type) ?? []);

    public uint GetUInt32(StunAttributeType type) => BinaryPrimitives.ReadUInt32BigEndian(Get(type));

    public IPEndPoint GetXorAddress(StunAttributeType type) => GetXorAddresses(type).First();

    public IEnumerable<IPEndPoint> GetXorAddresses(StunAttributeType type)
    {
        foreach ((ushort attributeType, byte[] value) in Attributes)
        {
            if (attributeType == (ushort)type)
            {
                Assert.True(XorAddressCodec.TryRead(value, TransactionId, out TransportAddress address));
                yield return address.ToIPEndPoint();
            }
        }
    }

    public bool VerifyIntegrity(byte[] key)
    {
        Assert.True(StunMessageReader.TryParse(Raw, out StunMessageReader reader, out _));
        return reader.IntegritySha256Offset >= 0 ? reader.VerifyMessageIntegritySha256(key) : reader.VerifyMessageIntegrity(key);
    }

    public bool HasIntegritySha256()
    {
        Assert.True(StunMessageReader.TryParse(Raw, out StunMessageReader reader, out _));
        return reader.IntegritySha256Offset >= 0;
    }
}
