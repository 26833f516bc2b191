namespace Parley.Signaling.Tests.TestUtils;

/// <summary>Alice and Bob joined to one fresh room, with the Ready event already consumed.</summary>
public sealed class TwoPeerCall : IAsyncDisposable
{
    private TwoPeerCall(SignalingTestClient alice, SignalingTestClient bob, string room)
    {
        Alice = alice;
        Bob = bob;
        Room = room;
    }

    public SignalingTestClient Alice { get; }

    public SignalingTestClient Bob { get; }

    public string Room { get; }

    public string AliceId { get; private set; } = "";

    public string BobId { get; private set; } = "";

    public string AliceToken { get; private set; } = "";

    public static async Task<TwoPeerCall> StartAsync(SignalingServer server)
    {
        var call = new TwoPeerCall(await server.ConnectAsync(), await server.ConnectAsync(), TestRooms.Unique());
        var alice = await call.Alice.JoinOkAsync(call.Room, "Alice");
        var bob = await call.Bob.JoinOkAsync(call.Room, "Bob");
        await call.Alice.NextReadyAsync();
        call.AliceId = alice.PeerId!;
        call.AliceToken = alice.ResumeToken!;
        call.BobId = bob.PeerId!;
        return call;
    }

    public async ValueTask DisposeAsync()
    {
        await Alice.DisposeAsync();
        await Bob.DisposeAsync();
    }
}
