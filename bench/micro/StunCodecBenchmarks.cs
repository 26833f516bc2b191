using System.Net;
using BenchmarkDotNet.Attributes;
using Parley.Turn.Auth;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;

namespace Parley.Bench.Micro;

/// <summary>Decoding and encoding STUN messages and checking MESSAGE-INTEGRITY, as every TURN request needs.</summary>
[MemoryDiagnoser]
public class StunCodecBenchmarks
{
    private readonly byte[] _response = new byte[512];
    private byte[] _request = [];
    private byte[] _key = [];
    private TransportAddress _mapped;
    private StunTransactionId _transactionId;

    [GlobalSetup]
    public void Setup()
    {
        _key = LongTermCredentials.ComputeKey(PasswordAlgorithm.Md5, "1795749503:alice", "parley", "0s8PEpOifEWv7OpLBVsOwezRK30=");
        _mapped = TransportAddress.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("203.0.113.7"), 50123));
        _transactionId = StunTransactionId.NewRandom();
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, new StunMessageType(StunMethod.Allocate, StunClass.Request), _transactionId);
        writer.Append(new RequestedTransportAttribute(RequestedTransportAttribute.Udp));
        writer.Append(new UsernameAttribute("1795749503:alice"));
        writer.Append(new RealmAttribute("parley"));
        writer.Append(new NonceAttribute("obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA"));
        writer.AppendMessageIntegrity(_key);
        writer.AppendFingerprint();
        _request = writer.Written.ToArray();
    }

    /// <summary>An authenticated Allocate request: parse, read USERNAME, check FINGERPRINT.</summary>
    [Benchmark]
    public bool DecodeAllocateRequest() =>
        StunMessageReader.TryParse(_request, out var reader, out _)
        && reader.TryGet(out UsernameAttribute _)
        && reader.VerifyFingerprint();

    /// <summary>HMAC-SHA1 MESSAGE-INTEGRITY over the same request (RFC 8489 §14.5).</summary>
    [Benchmark]
    public bool VerifyMessageIntegrity() =>
        StunMessageReader.TryParse(_request, out var reader, out _) && reader.VerifyMessageIntegrity(_key);

    /// <summary>A Binding success response with XOR-MAPPED-ADDRESS and FINGERPRINT (RFC 8489 §14.2, §14.7).</summary>
    [Benchmark]
    public int EncodeBindingResponse()
    {
        var writer = new StunMessageWriter(_response, new StunMessageType(StunMethod.Binding, StunClass.SuccessResponse), _transactionId);
        writer.Append(new XorMappedAddressAttribute(_mapped));
        writer.AppendFingerprint();
        return writer.Length;
    }
}
