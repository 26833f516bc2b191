using StackExchange.Redis;

namespace Parley.Signaling.Redis;

/// <summary>
/// The key layout, all under one prefix. The Lua scripts build the same names from the prefix, so the two must
/// change together.
/// <list type="bullet">
/// <item><c>{prefix}room:{room}</c>: hash, peer id → <see cref="StoredMember"/> JSON. Gone with the last member.</item>
/// <item><c>{prefix}peers</c>: hash, peer id → room, of every seat held: which seats' TURN grants are live.</item>
/// <item><c>{prefix}seq</c>: counter that orders members by arrival.</item>
/// <item><c>{prefix}nodes</c>: set of node ids that have heartbeated or seated someone.</item>
/// <item><c>{prefix}node:{id}:alive</c>: string with a TTL, the node's presence.</item>
/// <item><c>{prefix}node:{id}:seats</c>: set of <c>"{peerId} {room}"</c>, the seats that node handed out.</item>
/// </list>
/// </summary>
internal sealed class RedisKeys(string prefix)
{
    public string Prefix { get; } = prefix;

    public RedisKey Sequence { get; } = prefix + "seq";

    public RedisKey Nodes { get; } = prefix + "nodes";

    public RedisKey Peers { get; } = prefix + "peers";

    public RedisKey Room(string room) => Prefix + "room:" + room;

    public RedisKey Alive(string node) => Prefix + "node:" + node + ":alive";

    public RedisKey Seats(string node) => Prefix + "node:" + node + ":seats";
}
