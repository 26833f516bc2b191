using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Parley.Signaling.Abuse;
using Parley.Signaling.Rooms;

namespace Parley.Signaling.Tests;

/// <summary>
/// Guessing a passcode room's passcode is bounded per room name across addresses, and the hashing per node, without
/// an oracle: once a name is throttled, the right passcode gets the same refusal as a wrong one.
/// </summary>
public sealed class PasscodeGuessingTests
{
    [Fact]
    public async Task WrongPasscodesFromManyAddresses_AreThrottledPerRoomName_AndTheRightOneThenGetsTheSameAnswer()
    {
        await using var server = await SignalingServer.StartAsync(
            new KeyValuePair<string, string?>("Signaling:Abuse:PasscodeFailuresPerRoom:Burst", "3"),
            new KeyValuePair<string, string?>("Signaling:Abuse:PasscodeFailuresPerRoom:PerSecond", "0.001"));
        var room = TestRooms.Unique();
        var clients = new List<(SourceAddress Source, TestPeer Peer)>();
        try
        {
            async Task<string?> JoinFromAsync(int address, string passcode, string name)
            {
                var source = new SourceAddress(IPAddress.Parse($"127.0.0.{address}"));
                var peer = await server.ConnectAsync(source.Options);
                clients.Add((source, peer));
                await peer.UnlockAsync(passcode);
                return (await peer.JoinAsync(name, "Guest")).Error?.Code;
            }

            // Opening the room looks like a failure (an empty room); joining it occupied does not and costs nothing.
            Assert.Null(await JoinFromAsync(31, "right", room));
            Assert.Null(await JoinFromAsync(32, "right", room));
            Assert.Null(await JoinFromAsync(33, "guess-1", room));
            Assert.Null(await JoinFromAsync(34, "guess-2", room));

            Assert.Equal("rate-limited", await JoinFromAsync(35, "guess-3", room));
            Assert.Equal("rate-limited", await JoinFromAsync(36, "right", room));
            Assert.Null(await JoinFromAsync(37, "right", TestRooms.Unique()));
        }
        finally
        {
            foreach (var (source, peer) in clients)
            {
                await peer.DisposeAsync();
                source.Dispose();
            }
        }
    }

    [Fact]
    public async Task PasscodeHashes_RunAtMostTheConcurrencyLimitWithABoundedQueue_AndTheRestAreRefused()
    {
        var options = new AbuseOptions { MaxConcurrentPasscodeHashes = 1, PasscodeFailuresPerRoom = new RateLimit { Burst = 1000, PerSecond = 1 } };
        var gate = new PasscodeGate(Options.Create(options), new FakeTimeProvider());

        var keys = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => gate.TryKeyAsync($"room-{i}", "passcode")));

        var hashed = keys.Select((key, i) => (key, i)).Where(k => k.key is not null).ToList();
        Assert.True(hashed.Count is >= 1 and <= 32, $"{hashed.Count} of 200 simultaneous hashes were taken; one at a time with 32 waiting allows at most 32");
        Assert.All(hashed, k => Assert.Equal(LockedRoom.Key($"room-{k.i}", "passcode"), k.key));
    }
}
