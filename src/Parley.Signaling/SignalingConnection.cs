using Parley.Signaling.Rooms;

namespace Parley.Signaling;

/// <summary>One client connection's signaling state: its seat and the passcode its next join uses.</summary>
public sealed class SignalingConnection(string connectionId, string? requestHost, ISignalingClient caller, Action<ConnectionCloseReason> close)
{
    public string ConnectionId => connectionId;

    /// <summary>The host name the client reached Parley by, so Parley's own TURN server is named the same way.</summary>
    public string? RequestHost => requestHost;

    /// <summary>The events of this connection.</summary>
    public ISignalingClient Caller => caller;

    internal RoomMember? Membership { get; set; }

    internal string? Passcode { get; set; }

    private ITimer? _iceRenewal;

    /// <summary>Sets the timer that renews the seat's TURN credentials (none when null), ending the one before.</summary>
    internal void ReplaceIceRenewal(ITimer? timer) => Interlocked.Exchange(ref _iceRenewal, timer)?.Dispose();

    /// <summary>Closes the connection; whatever it still sends is ignored.</summary>
    public void Close(ConnectionCloseReason reason) => close(reason);
}
