namespace Parley.Signaling.Seats;

/// <summary>
/// The grant of the TURN credentials a seat is given: the part of a TURN REST user name after its expiry. It names
/// the seat by its peer id, so any node can tell whether the seat is still held, and revoke its relays when not.
/// </summary>
public static class SeatGrant
{
    /// <summary>Sets seat grants apart from the others a node sees (a diagnostics probe, an operator's own tools).</summary>
    public const string Prefix = "seat.";

    /// <summary>The grant of the seat with <paramref name="peerId"/>.</summary>
    public static string For(string peerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(peerId);
        return Prefix + peerId;
    }

    /// <summary>The peer id a seat grant names; false for any other grant.</summary>
    public static bool TryGetPeerId(string grant, out string peerId)
    {
        ArgumentNullException.ThrowIfNull(grant);
        peerId = grant.Length > Prefix.Length && grant.StartsWith(Prefix, StringComparison.Ordinal) ? grant[Prefix.Length..] : string.Empty;
        return peerId.Length > 0;
    }
}
