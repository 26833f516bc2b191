using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.Signaling.Seats;
using StackExchange.Redis;

namespace Parley.Signaling.Redis;

/// <summary>
/// Seat releases for every node sharing the Redis: a release is raised here at once and published on
/// <c>{prefix}seats-released</c> as the node id, a line feed and the peer id; each other node raises it on receipt.
/// Pub/sub is fire and forget: a node that misses a release (its subscription was down) finds the seat gone at its
/// next check of the seats its relays serve.
/// </summary>
public sealed partial class RedisSeatReleases(
    IConnectionMultiplexer redis,
    ThisNode node,
    IOptions<RedisRoomRegistryOptions> options,
    ILogger<RedisSeatReleases> logger) : ISeatReleases, IHostedService
{
    private const char Separator = '\n';
    private ChannelMessageQueue? _queue;

    public event EventHandler<string>? Released;

    private RedisChannel Channel => RedisChannel.Literal(options.Value.KeyPrefix + "seats-released");

    public async Task PublishAsync(string peerId)
    {
        ArgumentNullException.ThrowIfNull(peerId);
        Released?.Invoke(this, peerId);
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, node.Id + Separator + peerId).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The seat is freed either way; the other nodes find out at their next check.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogPublishFailed(logger, e, peerId);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _queue = await redis.GetSubscriber().SubscribeAsync(Channel).ConfigureAwait(false);
        _queue.OnMessage(message => Receive(message.Message));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (await _queue.UnsubscribeQuietlyAsync().ConfigureAwait(false) is { } e)
        {
            LogUnsubscribeFailed(logger, e);
        }
    }

    private void Receive(RedisValue message)
    {
        var text = (string?)message ?? string.Empty;
        var separator = text.IndexOf(Separator, StringComparison.Ordinal);
        if (separator <= 0 || separator == text.Length - 1)
        {
            LogMalformed(logger, Encoding.UTF8.GetByteCount(text));
            return;
        }

        // This node raised its own releases when it published them.
        if (text.AsSpan(0, separator).SequenceEqual(node.Id))
        {
            return;
        }

        Released?.Invoke(this, text[(separator + 1)..]);
    }

    [LoggerMessage(120, LogLevel.Warning, "The release of seat {PeerId} could not be announced to the other nodes; they find it gone at their next check.", EventName = "SeatReleasePublishFailed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string peerId);

    [LoggerMessage(121, LogLevel.Warning, "Could not unsubscribe from seat releases.", EventName = "SeatReleaseUnsubscribeFailed")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(122, LogLevel.Warning, "A seat release of {Length} bytes without a node id and a peer id was ignored.", EventName = "SeatReleaseMalformed")]
    private static partial void LogMalformed(ILogger logger, int length);
}
