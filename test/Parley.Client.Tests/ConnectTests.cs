using System.Net;
using System.Net.Sockets;

namespace Parley.Client.Tests;

/// <summary>Where the client dials, and how a connection that cannot be had fails.</summary>
public sealed class ConnectTests
{
    [Theory]
    [InlineData("http://call.example.org", "ws://call.example.org/ws/signaling")]
    [InlineData("https://call.example.org/r/standup", "wss://call.example.org/ws/signaling")]
    [InlineData("http://127.0.0.1:8080/", "ws://127.0.0.1:8080/ws/signaling")]
    [InlineData("wss://edge.example.org/parley/ws", "wss://edge.example.org/parley/ws")]
    public void TheSocketUrl_IsTheServersSignalingPath_OrTheWebSocketUrlGiven(string server, string socket)
    {
        var client = new ParleyClient(new Uri(server));

        Assert.Equal(new Uri(socket), client.SocketUri);
        Assert.Equal(ParleyConnectionState.Disconnected, client.State);
    }

    [Fact]
    public void AServerThatIsNotHttpOrWebSocket_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new ParleyClient(new Uri("ftp://call.example.org")));

    [Fact]
    public async Task AnOriginTheServerDoesNotAllow_FailsWith403()
    {
        await using var server = await SignalingServer.StartAsync();
        await using var client = new ParleyClient(server.BaseAddress, new ParleyClientOptions { Origin = "https://evil.example" });

        var refusal = await Assert.ThrowsAsync<ParleyConnectionException>(() => client.ConnectAsync());

        Assert.Equal(HttpStatusCode.Forbidden, refusal.StatusCode);
        Assert.Equal(ParleyConnectionState.Disconnected, client.State);
    }

    [Fact]
    public async Task NoServerListening_FailsWithoutAStatus()
    {
        using var unused = new TcpListener(IPAddress.Loopback, 0);
        unused.Start();
        var port = ((IPEndPoint)unused.LocalEndpoint).Port;
        unused.Stop();
        await using var client = new ParleyClient(new Uri($"http://127.0.0.1:{port}"));

        var failure = await Assert.ThrowsAsync<ParleyConnectionException>(() => client.ConnectAsync());

        Assert.Null(failure.StatusCode);
    }

    [Fact]
    public async Task CallsBeforeConnecting_FailAtOnce()
    {
        await using var client = new ParleyClient(new Uri("http://127.0.0.1:1"));

        var failure = await Assert.ThrowsAsync<ParleyConnectionException>(() => client.JoinAsync("room", "Alice"));

        Assert.Contains("disconnected", failure.Message, StringComparison.Ordinal);
    }
}
