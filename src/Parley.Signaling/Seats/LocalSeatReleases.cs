namespace Parley.Signaling.Seats;

/// <summary>The seat releases of a single node: there is no other node to tell.</summary>
public sealed class LocalSeatReleases : ISeatReleases
{
    public event EventHandler<string>? Released;

    public Task PublishAsync(string peerId)
    {
        ArgumentNullException.ThrowIfNull(peerId);
        Released?.Invoke(this, peerId);
        return Task.CompletedTask;
    }
}
