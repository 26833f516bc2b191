using System.Diagnostics.Metrics;
using Parley.Signaling.Contracts;
using Parley.Signaling.Rooms;

namespace Parley.Signaling;

/// <summary>
/// The signaling instruments on the <c>Parley.Signaling</c> meter, counted by each node for its own connections.
/// Tag values are cached: recording allocates nothing.
/// </summary>
public sealed class SignalingMetrics
{
    public const string MeterName = "Parley.Signaling";

    private static readonly KeyValuePair<string, object?> Joined = new("status", "joined");
    private static readonly KeyValuePair<string, object?> Resumed = new("status", "resumed");
    private static readonly KeyValuePair<string, object?> ToPeer = new("target", "peer");
    private static readonly KeyValuePair<string, object?> ToRoom = new("target", "room");

    private readonly UpDownCounter<long> _connections;
    private readonly UpDownCounter<long> _rooms;
    private readonly Counter<long> _joins;
    private readonly Counter<long> _leaves;
    private readonly Counter<long> _rejectedJoins;
    private readonly Counter<long> _relayed;

    public SignalingMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _connections = meter.CreateUpDownCounter<long>("parley.signaling.connections", "{connection}", "Signaling connections open on this node");
        _rooms = meter.CreateUpDownCounter<long>("parley.signaling.rooms", "{room}",
            "Rooms with someone in them: opened by a first join on this node, closed by a last leave on this node (summed over nodes it is exact)");
        _joins = meter.CreateCounter<long>("parley.signaling.joins", "{join}", "Seats taken, by status (joined, resumed)");
        _leaves = meter.CreateCounter<long>("parley.signaling.leaves", "{leave}", "Seats freed, by reason (left, disconnected)");
        _rejectedJoins = meter.CreateCounter<long>("parley.signaling.joins.rejected", "{join}", "Join and Rejoin calls refused, by error code");
        _relayed = meter.CreateCounter<long>("parley.signaling.messages.relayed", "{message}", "Data messages relayed, by target (peer, room)");
    }

    public void Connected() => _connections.Add(1);

    public void Disconnected() => _connections.Add(-1);

    public void Join(JoinStatus status, bool openedRoom)
    {
        _joins.Add(1, status == JoinStatus.Resumed ? Resumed : Joined);
        if (openedRoom)
        {
            _rooms.Add(1);
        }
    }

    public void Leave(string reason, bool closedRoom)
    {
        _leaves.Add(1, new KeyValuePair<string, object?>("reason", reason));
        if (closedRoom)
        {
            _rooms.Add(-1);
        }
    }

    public void JoinRejected(SignalingError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        _rejectedJoins.Add(1, new KeyValuePair<string, object?>("reason", error.Code));
    }

    public void Relayed(bool toRoom) => _relayed.Add(1, toRoom ? ToRoom : ToPeer);
}
