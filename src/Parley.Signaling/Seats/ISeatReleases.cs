namespace Parley.Signaling.Seats;

/// <summary>
/// Tells every node that a seat was freed (left, hung up, not back within the grace period, reaped), wherever it was
/// freed, so that what each node gave the seat (its TURN relays) ends at once instead of at the next check.
/// </summary>
public interface ISeatReleases
{
    /// <summary>A seat was freed on this node or another; the argument is its peer id. Handlers must be quick and must not throw.</summary>
    event EventHandler<string>? Released;

    /// <summary>Announces that this node freed the seat of <paramref name="peerId"/>; raises <see cref="Released"/> here and on every other node.</summary>
    Task PublishAsync(string peerId);
}
