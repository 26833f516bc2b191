using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using Parley.Turn.Auth;
using Parley.Turn.Fuzz;
using Parley.Turn.Stun;

namespace Parley.Turn.Tests.TestUtils;

/// <summary>A server on 127.0.0.1 with ephemeral ports, a fake clock, one static user and one REST secret.</summary>
internal sealed class TurnServerFixture : IAsyncDisposable
{
    public const string User = "alice";
    public const string Password = "wonderland";
    public const string Secret = "rest-secret";

    private TurnServerFixture(TurnServer server, FakeTimeProvider time)
    {
        Server = server;
        Time = time;
    }

    public TurnServer Server { get; }

    public FakeTimeProvider Time { get; }

    public static TurnServerOptions CreateOptions()
    {
        TurnServerOptions options = LoopbackTurnOptions.Create(User, Password);
        options.SharedSecrets = ["old-secret", Secret];
        return options;
    }

    public static async Task<TurnServerFixture> StartAsync(Action<TurnServerOptions>? configure = null, IMeterFactory? meters = null)
    {
        TurnServerOptions options = CreateOptions();
        configure?.Invoke(options);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var server = new TurnServer(options, timeProvider: time, meterFactory: meters);
        await server.StartAsync().DefaultTimeout();
        return new TurnServerFixture(server, time);
    }

    public Task<TurnTestClient> ConnectAsync(bool tcp = false, System.Net.IPAddress? local = null) => TurnTestClient.ConnectAsync(Server, tcp, local);

    /// <summary>A client allocated with a TURN REST credential of <paramref name="grant"/>, valid for <paramref name="timeToLive"/> (1 h when null).</summary>
    public async Task<TurnTestClient> AllocatedClientAsync(string grant, bool tcp = false, System.Net.IPAddress? local = null, TimeSpan? timeToLive = null)
    {
        TurnRestCredential credential = TurnRestCredentials.Create(Secret, grant, timeToLive ?? TimeSpan.FromHours(1), Time);
        TurnTestClient client = await ConnectAsync(tcp, local);
        StunTestMessage response = await client.AllocateAsync(credential.Username, credential.Credential);
        if (response.Type.Class != StunClass.SuccessResponse)
        {
            await client.DisposeAsync();
            Assert.Fail($"grant '{grant}' ({credential.Username}) could not allocate: {response.ErrorCode}");
        }

        return client;
    }

    public async Task<TurnTestClient> AllocatedClientAsync(bool tcp = false)
    {
        TurnTestClient client = await ConnectAsync(tcp);
        StunTestMessage response = await client.AllocateAsync(User, Password);
        Assert.Equal(StunClass.SuccessResponse, response.Type.Class);
        return client;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
