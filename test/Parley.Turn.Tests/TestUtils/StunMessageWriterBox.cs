using Parley.Turn.Stun;

namespace Parley.Turn.Tests.TestUtils;

/// <summary>
/// A heap-friendly message builder for tests: <see cref="StunMessageWriter"/> is a ref struct and cannot be
/// captured by lambdas, so this records the steps and runs them through one writer in <see cref="ToArray"/>.
/// </summary>
internal sealed class StunMessageWriterBox(byte[] buffer, StunMessageType type, StunTransactionId? transactionId = null)
{
    private readonly List<(int Kind, StunAttributeType Type, byte[] Bytes)> _steps = [];

    public StunTransactionId TransactionId { get; } = transactionId ?? StunTransactionId.NewRandom();

    public void Append(StunAttributeType attributeType, byte[] value) => _steps.Add((0, attributeType, value));

    public void Append<T>(T attribute)
        where T : IStunAttribute<T>
    {
        var value = new byte[attribute.GetEncodedLength()];
        Assert.True(attribute.TryWrite(value, TransactionId, out _));
        _steps.Add((0, T.Type, value));
    }

    public void AppendMessageIntegrity(byte[] key) => _steps.Add((1, default, key));

    public void AppendMessageIntegritySha256(byte[] key) => _steps.Add((2, default, key));

    public void AppendFingerprint() => _steps.Add((3, default, []));

    public byte[] ToArray()
    {
        var writer = new StunMessageWriter(buffer, type, TransactionId);
        foreach ((int kind, StunAttributeType attributeType, byte[] bytes) in _steps)
        {
            switch (kind)
            {
                case 0:
                    writer.Append(attributeType, bytes);
                    break;
                case 1:
                    writer.AppendMessageIntegrity(bytes);
                    break;
                case 2:
                    writer.AppendMessageIntegritySha256(bytes);
                    break;
                default:
                    writer.AppendFingerprint();
                    break;
            }
        }

        return writer.Written.ToArray();
    }
}
