namespace Parley.Signaling.Tests.TestUtils;

/// <summary>Alice and Bob joined to one fresh room, with Alice's Ready already consumed.</summary>
public sealed class TwoPeerCall : IAsyncDisposable
{
    private TwoPeerCall(TestPeer alice, TestPeer bob, string room)
    {
        Alice = alice;
        Bob = bob;
        Room = room;
    }

    public TestPeer Alice { get; }

    public TestPeer Bob { get; }

    public string Room { get; }

    public string AliceId { get; private set; } = "";

    public string BobId { get; private set; } = "";

    public string AliceToken { get; private set; } = "";

    public static async Task<TwoPeerCall> StartAsync(SignalingServer server)
    {
        var call = new TwoPeerCall(await server.ConnectAsync(), await server.ConnectAsync(), TestRooms.Unique());
        var alice = await call.Alice.JoinOkAsync(call.Room, "Alice");
        var bob = await call.Bob.JoinOkAsync(call.Room, "Bob");
        Assert.Equal(bob.PeerId, (await call.Alice.NextReadyAsync()).PeerId);
        call.AliceId = alice.PeerId!;
        call.AliceToken = alice.ResumeToken!;
        call.BobId = bob.PeerId!;
        return call;
    }

    /// <summary>Fails unless Alice's Data still reaches Bob: the call survived whatever the test did.</summary>
    public async Task AssertStillTalkingAsync()
    {
        Assert.Null((await Alice.DataAsync("still talking", BobId)).Error);
        Assert.Equal("still talking", (await Bob.NextDataAsync()).Payload);
    }

    public async ValueTask DisposeAsync()
    {
        await Alice.DisposeAsync();
        await Bob.DisposeAsync();
    }
}
