using Parley.Testing;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Parley.Signaling.Contracts;

namespace Parley.Signaling.Redis.Tests.TestUtils;

/// <summary>
/// A whole Parley signaling node on Kestrel (loopback, free port) whose rooms live in Redis, with the socket relay (no
/// SignalR backplane).
/// </summary>
public sealed class SignalingNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<HubConnection> _clients = [];

    private SignalingNode(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        HubUrl = new Uri(baseAddress, SignalingEndpoints.HubPath);
    }

    public Uri BaseAddress { get; }

    public Uri HubUrl { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>A node whose reconnect grace period is one second, so expiries are seen in real time.</summary>
    public static async Task<SignalingNode> StartAsync(RedisServer redis, string prefix, string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(SignalingTestSettings.RaisedAbuseLimits)
        {
            ["Redis:Configuration"] = redis.Endpoint,
            ["Redis:KeyPrefix"] = prefix,
            ["Redis:NodeName"] = name,
            ["Redis:HeartbeatInterval"] = "00:00:00.2",
            ["Redis:PresenceTimeout"] = "00:00:01",
            ["Signaling:ReconnectGracePeriod"] = "00:00:01",

            // A stopped node closes its connections at once, as it did before drains existed.
            ["Signaling:DrainTimeout"] = "00:00:00",
        });
        builder.Services.AddParleyRedisRooms(builder.Configuration);
        builder.Services.AddParleyRedisSocketRelay();
        builder.Services.AddParleySignaling(builder.Configuration);
        var app = builder.Build();
        app.MapParleySignaling();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single();
        return new SignalingNode(app, new Uri(address));
    }

    /// <summary>A connected client that records the <c>Ready</c>, <c>PeerReconnecting</c>, <c>PeerLeft</c> and <c>Data</c> it hears.</summary>
    public async Task<(HubConnection Connection, ConcurrentQueue<string> Events)> ConnectAsync()
    {
        var connection = new HubConnectionBuilder().WithUrl(HubUrl).Build();
        var events = new ConcurrentQueue<string>();
        connection.On<ReadyPeer>(
            nameof(ISignalingClient.Ready), peer => events.Enqueue(peer.Resumed ? $"ready {peer.PeerId} resumed" : $"ready {peer.PeerId}"));
        connection.On<PeerInfo>(nameof(ISignalingClient.PeerReconnecting), peer => events.Enqueue($"reconnecting {peer.PeerId}"));
        connection.On<PeerInfo>(nameof(ISignalingClient.PeerLeft), peer => events.Enqueue($"left {peer.PeerId}"));
        connection.On<DataMessage>(nameof(ISignalingClient.Data), message => events.Enqueue($"data {message.From} {message.Payload}"));
        await connection.StartAsync();
        _clients.Add(connection);
        return (connection, events);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        // Stopping first lets Kestrel close the hub's connections while their services still exist.
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
