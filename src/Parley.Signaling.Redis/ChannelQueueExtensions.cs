using StackExchange.Redis;

namespace Parley.Signaling.Redis;

internal static class ChannelQueueExtensions
{
    /// <summary>Ends a subscription at shutdown; what went wrong is returned for the caller to log, not thrown.</summary>
    public static async Task<Exception?> UnsubscribeQuietlyAsync(this ChannelMessageQueue? queue)
    {
        if (queue is null)
        {
            return null;
        }

        try
        {
            await queue.UnsubscribeAsync().ConfigureAwait(false);
            return null;
        }
#pragma warning disable CA1031 // Shutting down with Redis gone: the subscription went with the connection.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e;
        }
    }
}
