using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Parley.Turn.Abuse;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Server;

/// <summary>
/// A TCP (or TLS) connection gets a budget of unauthenticated answers (401 challenges and other errors before
/// authentication): one that keeps asking is closed, where before it could ask forever. Both stream paths: the TCP
/// listener's, and a stream the host accepted (TURN over TLS on the HTTPS port) served by ServeStreamAsync.
/// </summary>
public class StreamChallengeBudgetTests
{
    private const int Requests = 200;

    [Fact]
    public async Task TcpConnectionAskingForChallengesForever_IsClosed_WhileAnotherIsServed()
    {
        using var meters = new TurnMeterRecorder();
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(meters: meters);
        using var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await attacker.ConnectAsync(fixture.Server.TcpEndPoints[0]).DefaultTimeout();

        await AssertClosedAfterTheBudgetAsync(attacker);

        Assert.Equal(1, meters.Refusals("stream_budget"));
        await using TurnTestClient honest = await fixture.AllocatedClientAsync(tcp: true);
    }

    [Fact]
    public async Task StreamServedForTheHost_AskingForChallengesForever_IsClosed()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await attacker.ConnectAsync(listener.LocalEndPoint!).DefaultTimeout();
        Socket accepted = await listener.AcceptAsync().DefaultTimeout();
        Task serving = fixture.Server.ServeStreamAsync(new NetworkStream(accepted, ownsSocket: true),
            (IPEndPoint)accepted.RemoteEndPoint!, (IPEndPoint)accepted.LocalEndPoint!, CancellationToken.None);

        await AssertClosedAfterTheBudgetAsync(attacker);

        await serving.DefaultTimeout();
    }

    [Fact]
    public async Task HonestClient_ChallengedWhenItsNonceGoesStale_KeepsItsConnectionForHours()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync(tcp: true);

        for (int i = 0; i < 3 * StreamAnswerBudget.Burst; i++)
        {
            fixture.Time.Advance(TimeSpan.FromMinutes(9));
            StunTestMessage refreshed = await client.RequestAuthenticatedWithFreshNonceAsync(StunMethod.Refresh);
            Assert.True(refreshed.Type.Class == StunClass.SuccessResponse, $"refresh {i} got {refreshed.ErrorCode}");
        }
    }

    private static async Task AssertClosedAfterTheBudgetAsync(Socket attacker)
    {
        byte[] allocate = TurnTestClient.Build(StunMethod.Allocate, StunClass.Request,
            b => b.Append(new RequestedTransportAttribute(RequestedTransportAttribute.Udp)));
        for (int i = 0; i < Requests; i++)
        {
            // A fresh transaction ID each time, as a client asking for challenge after challenge would send.
            StunTransactionId.NewRandom().Write(allocate.AsSpan(8));
            if (!await TrySendAsync(attacker, allocate))
            {
                break;
            }
        }

        (int answers, bool closed) = await ReadUntilClosedAsync(attacker);

        Assert.True(closed, $"the connection answered {answers} of {Requests} unauthenticated Allocates and stayed open");
        // Closed with requests still unread, the socket may be reset, and answers already sent lost: at most the burst.
        Assert.True(answers <= StreamAnswerBudget.Burst, $"the connection got {answers} unauthenticated answers before it was closed, more than the burst of {StreamAnswerBudget.Burst}");
    }

    private static async Task<bool> TrySendAsync(Socket socket, byte[] packet)
    {
        try
        {
            await socket.SendAsync(packet, SocketFlags.None).DefaultTimeout();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Counts the STUN messages that arrive until the server closes the connection, or 5 s pass.</summary>
    private static async Task<(int Answers, bool Closed)> ReadUntilClosedAsync(Socket socket)
    {
        byte[] buffer = new byte[64 * 1024];
        int buffered = 0;
        int answers = 0;
        using var deadline = new CancellationTokenSource(TaskTimeoutExtensions.Timeout);
        try
        {
            while (true)
            {
                int read = await socket.ReceiveAsync(buffer.AsMemory(buffered), SocketFlags.None, deadline.Token);
                if (read == 0)
                {
                    return (answers, true);
                }

                buffered += read;
                int consumed = 0;
                while (buffered - consumed >= 20 && buffered - consumed >= 20 + BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(consumed + 2)))
                {
                    consumed += 20 + BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(consumed + 2));
                    answers++;
                }

                buffer.AsSpan(consumed, buffered - consumed).CopyTo(buffer);
                buffered -= consumed;
            }
        }
        catch (OperationCanceledException)
        {
            return (answers, false);
        }
        catch (SocketException)
        {
            return (answers, true);
        }
    }
}
