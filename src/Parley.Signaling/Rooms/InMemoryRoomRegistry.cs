using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Parley.Signaling.Rooms;

/// <summary>
/// The single-node registry: every seat's connection is on <paramref name="node"/>. Reads are lock-free snapshots;
/// each room serialises its own writes.
/// </summary>
public sealed class InMemoryRoomRegistry(ThisNode node) : IRoomRegistry
{
    private readonly ConcurrentDictionary<string, Room> _rooms = new(StringComparer.Ordinal);

    // Peer id → room, written under the room's lock with its members.
    private readonly ConcurrentDictionary<string, string> _seats = new(StringComparer.Ordinal);

    public ValueTask<JoinOutcome> JoinAsync(JoinRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        while (true)
        {
            var room = _rooms.GetOrAdd(request.Room, static _ => new Room());
            lock (room)
            {
                // A room emptied and dropped by a concurrent leave must not take new members.
                if (room.IsClosed)
                {
                    continue;
                }

                return ValueTask.FromResult(Seat(room, request));
            }
        }
    }

    public ValueTask<LeaveOutcome> LeaveAsync(RoomMember member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (!_rooms.TryGetValue(member.Room, out var room))
        {
            return ValueTask.FromResult(LeaveOutcome.NotSeated);
        }

        lock (room)
        {
            var index = room.Members.FindIndex(m => m.PeerId == member.PeerId && m.ConnectionId == member.ConnectionId);
            if (index < 0)
            {
                return ValueTask.FromResult(LeaveOutcome.NotSeated);
            }

            room.Members = room.Members.RemoveAt(index);
            room.ResumeTokens.Remove(member.PeerId);
            _seats.TryRemove(member.PeerId, out _);
            if (!room.Members.IsEmpty)
            {
                return ValueTask.FromResult(LeaveOutcome.Left);
            }

            room.IsClosed = true;
            _rooms.TryRemove(new KeyValuePair<string, Room>(member.Room, room));
            return ValueTask.FromResult(LeaveOutcome.RoomEmptied);
        }
    }

    public ValueTask<RoomMember?> MarkAwayAsync(
        RoomMember member, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (!_rooms.TryGetValue(member.Room, out var room))
        {
            return ValueTask.FromResult<RoomMember?>(null);
        }

        lock (room)
        {
            var index = room.Members.FindIndex(m => m.PeerId == member.PeerId && m.ConnectionId == member.ConnectionId);
            if (index < 0)
            {
                return ValueTask.FromResult<RoomMember?>(null);
            }

            var away = room.Members[index] with { AwayUntil = until };
            room.Members = room.Members.SetItem(index, away);
            return ValueTask.FromResult<RoomMember?>(away);
        }
    }

    public ValueTask<IReadOnlyList<RoomMember>> GetMembersAsync(string room, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<RoomMember>>(
            _rooms.TryGetValue(room, out var found) ? found.Members : ImmutableList<RoomMember>.Empty);

    public ValueTask<IReadOnlySet<string>> GetSeatedAsync(IReadOnlyCollection<string> peerIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peerIds);
        var seated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var peerId in peerIds)
        {
            if (_seats.ContainsKey(peerId))
            {
                seated.Add(peerId);
            }
        }

        return ValueTask.FromResult<IReadOnlySet<string>>(seated);
    }

    private JoinOutcome Seat(Room room, JoinRequest request)
    {
        var ghostIndex = request.ResumeToken is null
            ? -1
            : room.Members.FindIndex(m => PeerIdentity.TokensMatch(room.ResumeTokens[m.PeerId], request.ResumeToken));

        if (ghostIndex >= 0)
        {
            var ghost = room.Members[ghostIndex];
            var resumed = ghost with { Username = request.Username, ConnectionId = request.ConnectionId, AwayUntil = null };
            room.Members = room.Members.SetItem(ghostIndex, resumed);
            return new JoinOutcome(
                JoinStatus.Resumed, resumed, room.Members.RemoveAt(ghostIndex), ghost.ConnectionId, request.ResumeToken);
        }

        if (room.Members.Count >= request.Capacity)
        {
            return JoinOutcome.Full;
        }

        var member = new RoomMember(request.Room, PeerIdentity.NewPeerId(), request.Username, request.ConnectionId, node.Id);
        var token = PeerIdentity.NewResumeToken();
        var others = room.Members;
        room.Members = others.Add(member);
        room.ResumeTokens[member.PeerId] = token;
        _seats[member.PeerId] = request.Room;
        return new JoinOutcome(JoinStatus.Joined, member, others, null, token);
    }

    private sealed class Room
    {
        public ImmutableList<RoomMember> Members { get; set; } = [];

        /// <summary>Each seat's resume token by peer id; read and written under the room's lock only.</summary>
        public Dictionary<string, string> ResumeTokens { get; } = new(StringComparer.Ordinal);

        public bool IsClosed { get; set; }
    }
}
