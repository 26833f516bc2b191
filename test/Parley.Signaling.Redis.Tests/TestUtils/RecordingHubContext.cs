using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Parley.Signaling.Contracts;

namespace Parley.Signaling.Redis.Tests.TestUtils;

/// <summary>A hub context that records every <c>PeerLeft</c> and <c>PeerReconnecting</c> sent to a connection, and supports nothing else.</summary>
public sealed class RecordingHubContext : IHubContext<SignalingHub, ISignalingClient>
{
    public RecordingHubContext() => Clients = new RecordingClients(this);

    public ConcurrentQueue<(string ConnectionId, PeerInfo Peer)> PeerLefts { get; } = new();

    public ConcurrentQueue<(string ConnectionId, PeerInfo Peer)> PeerReconnectings { get; } = new();

    public IHubClients<ISignalingClient> Clients { get; }

    public IGroupManager Groups => throw new NotSupportedException();

    private sealed class RecordingClients(RecordingHubContext owner) : IHubClients<ISignalingClient>
    {
        public ISignalingClient All => throw new NotSupportedException();

        public ISignalingClient AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        public ISignalingClient Client(string connectionId) => new ConnectionClient(owner, connectionId);

        public ISignalingClient Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();

        public ISignalingClient Group(string groupName) => throw new NotSupportedException();

        public ISignalingClient GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        public ISignalingClient Groups(IReadOnlyList<string> groupNames) => throw new NotSupportedException();

        public ISignalingClient User(string userId) => throw new NotSupportedException();

        public ISignalingClient Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();
    }

    private sealed class ConnectionClient(RecordingHubContext owner, string connectionId) : ISignalingClient
    {
        public Task Ready(ReadyPeer peer) => throw new NotSupportedException();

        public Task PeerReconnecting(PeerInfo peer)
        {
            owner.PeerReconnectings.Enqueue((connectionId, peer));
            return Task.CompletedTask;
        }

        public Task Data(DataMessage message) => throw new NotSupportedException();

        public Task PeerLeft(PeerInfo peer)
        {
            owner.PeerLefts.Enqueue((connectionId, peer));
            return Task.CompletedTask;
        }

        public Task Refused(RefusedCall refusal) => throw new NotSupportedException();

        public Task Reconnect() => throw new NotSupportedException();
    }
}
