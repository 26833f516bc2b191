using Parley.Turn.Auth;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;
using Parley.Turn.Tests.TestUtils;
using Xunit.Abstractions;

namespace Parley.Turn.Tests.Server;

/// <summary>
/// Reflection gain of the unauthenticated surface, measured on the wire: what a spoofed source receives for
/// what it sends. Single answers may be larger than their requests (RFC 8489 fixes the 401's contents; see
/// docs/security.md for the figures), but a flood from one source gets no more bytes back than it sent.
/// </summary>
public class AmplificationTests(ITestOutputHelper output)
{
    /// <summary>The 401 to a minimal Allocate: header 20, ERROR-CODE 8, REALM "parley" 12, NONCE 44, PASSWORD-ALGORITHMS 12.</summary>
    private const int ExpectedChallengeSize = 96;

    [Fact]
    public async Task SingleAnswers_HaveTheDocumentedSizes()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        using var probe = new UdpProbe("127.0.0.5", fixture.Server);

        int binding = await AnswerSizeAsync(probe, TurnTestClient.Build(StunMethod.Binding, StunClass.Request));
        int challenge = await AnswerSizeAsync(probe, Allocate());
        int garbage = await AnswerSizeAsync(probe, [0x00, 0x01, 0x00, 0x08, 0x21, 0x12, 0xA4, 0x42, 1, 2, 3], answered: false);

        output.WriteLine($"Binding 20 -> {binding}; Allocate 28 -> 401 {challenge}; garbage -> {garbage}");
        Assert.Equal(32, binding);
        Assert.True(challenge == ExpectedChallengeSize, $"the 401 grew to {challenge} bytes; docs/security.md documents {ExpectedChallengeSize}");
        Assert.Equal(0, garbage);
    }

    [Fact]
    public async Task FloodOfEveryUnauthenticatedKind_FromOneSource_GetsBackNoMoreBytesThanItSent()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        using var probe = new UdpProbe("127.0.0.6", fixture.Server);
        string nonce = (await ChallengeAsync(probe)).Nonce;
        var random = new Random(8489);

        byte[][] kinds =
        [
            TurnTestClient.Build(StunMethod.Binding, StunClass.Request),
            TurnTestClient.Build(StunMethod.Binding, StunClass.Request, b => b.AppendFingerprint()),
            Allocate(),
            AllocateWithWrongPassword(nonce),
            TurnTestClient.Build(StunMethod.Refresh, StunClass.Request),
            TurnTestClient.Build((StunMethod)0x0FF, StunClass.Request),
            RandomBytes(random, 48),
            [0x40, 0x00, 0x00, 0x04, 1, 2, 3, 4],
        ];
        for (int round = 0; round < 100; round++)
        {
            foreach (byte[] kind in kinds)
            {
                // A fresh transaction ID each time, so no answer is a retransmission.
                byte[] packet = (byte[])kind.Clone();
                if (packet.Length >= 20 && packet[0] < 0x40)
                {
                    random.NextBytes(packet.AsSpan(8, 12));
                }

                await probe.SendAsync(packet);
            }
        }

        await probe.CollectAnswersAsync();
        double ratio = (double)probe.BytesReceived / probe.BytesSent;
        output.WriteLine($"sent {probe.BytesSent} B in {100 * kinds.Length} packets, received {probe.BytesReceived} B in {probe.Answers} answers: ratio {ratio:F3}");
        Assert.True(ratio <= 1, $"a spoofed source got {probe.BytesReceived} B back for {probe.BytesSent} B sent (ratio {ratio:F2})");

        await using TurnTestClient healthy = await fixture.ConnectAsync();
        Assert.Equal(StunClass.SuccessResponse, (await healthy.RequestAsync(TurnTestClient.Build(StunMethod.Binding, StunClass.Request))).Type.Class);
    }

    private static async Task<int> AnswerSizeAsync(UdpProbe probe, byte[] request, bool answered = true)
    {
        await probe.SendAsync(request);
        List<int> sizes = await probe.CollectAnswersAsync();
        Assert.True(sizes.Count == (answered ? 1 : 0), $"{sizes.Count} answers to one request");
        return sizes.Sum();
    }

    private static async Task<(string Realm, string Nonce)> ChallengeAsync(UdpProbe probe)
    {
        StunTestMessage challenge = StunTestMessage.Parse(await probe.RequestAsync(Allocate()));
        Assert.Equal(401, challenge.ErrorCode);
        return (challenge.GetString(StunAttributeType.Realm), challenge.GetString(StunAttributeType.Nonce));
    }

    private static byte[] Allocate() => TurnTestClient.Build(StunMethod.Allocate, StunClass.Request,
        b => b.Append(new RequestedTransportAttribute(RequestedTransportAttribute.Udp)));

    private static byte[] AllocateWithWrongPassword(string nonce)
    {
        byte[] key = LongTermCredentials.ComputeKey(PasswordAlgorithm.Md5, TurnServerFixture.User, "parley", "not-the-password");
        return TurnTestClient.Build(StunMethod.Allocate, StunClass.Request, b =>
        {
            b.Append(new RequestedTransportAttribute(RequestedTransportAttribute.Udp));
            b.Append(new UsernameAttribute(TurnServerFixture.User));
            b.Append(new RealmAttribute("parley"));
            b.Append(new NonceAttribute(nonce));
            b.AppendMessageIntegrity(key);
        });
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
