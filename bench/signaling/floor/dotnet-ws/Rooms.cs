using System.Collections.Concurrent;

namespace Parley.Bench.FloorWs;

/// <summary>Rooms by name; each holds its members as an array replaced on join and leave, so a relay reads it without a lock.</summary>
internal sealed class Rooms
{
    private readonly ConcurrentDictionary<string, Room> _rooms = new(StringComparer.Ordinal);

    /// <summary>Seats the peer and returns the others already there.</summary>
    public (Room Room, RelayPeer[] Others) Join(string name, RelayPeer peer)
    {
        while (true)
        {
            var room = _rooms.GetOrAdd(name, static n => new Room(n));
            var others = room.TryAdd(peer);
            if (others is not null)
            {
                return (room, others);
            }

            // the room emptied and was removed between the lookup and the add: take the fresh one
        }
    }

    public void Leave(Room room, RelayPeer peer)
    {
        if (room.Remove(peer))
        {
            _rooms.TryRemove(new KeyValuePair<string, Room>(room.Name, room));
        }
    }
}

internal sealed class Room(string name)
{
    private readonly Lock _gate = new();
    private bool _closed;

    public string Name { get; } = name;

    public RelayPeer[] Members { get; private set; } = [];

    /// <summary>Null when the room was closed (emptied) meanwhile.</summary>
    public RelayPeer[]? TryAdd(RelayPeer peer)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return null;
            }

            var others = Members;
            Members = [.. others, peer];
            return others;
        }
    }

    /// <summary>True when the room is now empty and closed.</summary>
    public bool Remove(RelayPeer peer)
    {
        lock (_gate)
        {
            Members = Array.FindAll(Members, m => m != peer);
            _closed = Members.Length == 0;
            return _closed;
        }
    }
}
