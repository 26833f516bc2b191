using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Parley.Turn.Auth;
using Parley.Turn.SelfTest;
using Parley.Turn.Stun;

namespace Parley.Turn;

/// <summary>
/// Proves a running <see cref="TurnServer"/> relays: a client on loopback allocates through the server's UDP
/// listener with freshly minted TURN REST credentials, permits a UDP socket of its own as the peer, sends it one
/// packet through the relay, and gets the peer's answer back as a Data indication. The allocation is deleted after.
/// </summary>
public static class TurnSelfTest
{
    private const string UserPrefix = "self-test-";

    /// <summary>Whether <paramref name="grant"/> is one the self-test minted (with the server's secret, so no client can).</summary>
    internal static bool IsOwnGrant(string grant) => grant.StartsWith(UserPrefix, StringComparison.Ordinal);

    public static async Task<TurnSelfTestResult> RunAsync(TurnServer server, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        var clock = Stopwatch.StartNew();
        try
        {
            string description = await RunCoreAsync(server, timeout, cancellationToken).ConfigureAwait(false);
            return new TurnSelfTestResult(true, description, clock.Elapsed);
        }
        catch (TurnProbeException e)
        {
            return new TurnSelfTestResult(false, e.Message, clock.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new TurnSelfTestResult(false, $"no relay round trip within {timeout.TotalSeconds:0.#} s", clock.Elapsed);
        }
        catch (SocketException e)
        {
            return new TurnSelfTestResult(false, $"socket error {e.SocketErrorCode}", clock.Elapsed);
        }
    }

    private static async Task<string> RunCoreAsync(TurnServer server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        TurnServerContext context = server.Context;
        IPEndPoint listener = server.UdpEndPoints.FirstOrDefault(e => e.AddressFamily == AddressFamily.InterNetwork)
            ?? throw new TurnProbeException("no IPv4 UDP listener to test");
        if (context.RelayIPv4 is not { } relayBind)
        {
            throw new TurnProbeException("no IPv4 relay address to test");
        }

        if (context.Options.SharedSecrets.Count == 0)
        {
            throw new TurnProbeException("no TURN REST shared secret to mint credentials with");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        CancellationToken token = deadline.Token;

        // A user id no browser is ever given, and credentials that expire soon after the test.
        string user = UserPrefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        TurnRestCredential credential = TurnRestCredentials.Create(context.Options.SharedSecrets[0], user, TimeSpan.FromMinutes(1), context.TimeProvider);
        IPAddress local = listener.Address.Equals(IPAddress.Any) ? IPAddress.Loopback : listener.Address;

        // The peer sits on the address relays bind to (loopback when they bind to all addresses), where the relay
        // socket reaches it whatever the public address told to clients.
        IPAddress peerAddress = relayBind.Equals(IPAddress.Any) ? IPAddress.Loopback : relayBind;
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(peerAddress, 0));
        var peerEndPoint = (IPEndPoint)peer.LocalEndPoint!;

        using var client = new TurnProbeClient(new IPEndPoint(local, listener.Port), credential.Username, credential.Credential);
        IPEndPoint relayed = await client.AllocateAsync(token).ConfigureAwait(false);
        try
        {
            // The peer is on the node itself (and often at a loopback or private address), which the peer filter
            // rightly denies to every client. The exemption is as narrow as it gets: this test's own user name (minted
            // here with the server's secret, so no client can present it) to this one socket's address and port, and
            // only until the permission is granted and the one Send indication has reached the peer.
            byte[] ping = RandomNumberGenerator.GetBytes(16);
            byte[] pong = RandomNumberGenerator.GetBytes(16);
            EndPoint relaySource;
            using (context.PeerExemptions.Add(credential.Username, TransportAddress.FromIPEndPoint(peerEndPoint)))
            {
                await client.CreatePermissionAsync(peerEndPoint, token).ConfigureAwait(false);
                await client.SendAsync(peerEndPoint, ping, token).ConfigureAwait(false);
                relaySource = await ExpectAtPeerAsync(peer, ping, token).ConfigureAwait(false);
            }

            // Answer the relay socket itself: the advertised address may be a public one that does not loop back.
            await peer.SendToAsync(pong, SocketFlags.None, new IPEndPoint(peerAddress, relayed.Port), token).ConfigureAwait(false);
            byte[] echoed = await client.ReceiveDataAsync(peerEndPoint, token).ConfigureAwait(false);
            if (!echoed.AsSpan().SequenceEqual(pong))
            {
                throw new TurnProbeException("the Data indication carried other bytes than the peer sent");
            }

            return $"relayed {ping.Length} bytes to a peer and back through {relaySource}";
        }
        finally
        {
            await DeleteQuietlyAsync(client).ConfigureAwait(false);
        }
    }

    private static async Task<EndPoint> ExpectAtPeerAsync(Socket peer, byte[] expected, CancellationToken token)
    {
        byte[] buffer = new byte[2048];
        while (true)
        {
            SocketReceiveFromResult received = await peer.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), token).ConfigureAwait(false);
            if (buffer.AsSpan(0, received.ReceivedBytes).SequenceEqual(expected))
            {
                return received.RemoteEndPoint;
            }
        }
    }

    private static async Task DeleteQuietlyAsync(TurnProbeClient client)
    {
        // Best effort: an allocation left behind expires by itself within its lifetime.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await client.DeleteAllocationAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TurnProbeException or SocketException)
        {
        }
    }
}
