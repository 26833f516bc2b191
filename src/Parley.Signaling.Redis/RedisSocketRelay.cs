using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.Signaling.Sockets;
using StackExchange.Redis;

namespace Parley.Signaling.Redis;

/// <summary>
/// Carries events between nodes: each node listens on its own channel, <c>{prefix}sockets:{node}</c>, and an event for
/// a connection of another node (the node its seat names) is published there as the connection's id, a line feed,
/// and the event's JSON. One ordered queue per node keeps a peer's messages in the order they were sent.
/// </summary>
public sealed partial class RedisSocketRelay(
    IConnectionMultiplexer redis,
    ConnectionRegistry connections,
    ThisNode node,
    IOptions<RedisRoomRegistryOptions> options,
    ILogger<RedisSocketRelay> logger) : ISocketRelay, IHostedService
{
    private const byte Separator = (byte)'\n';
    private ChannelMessageQueue? _queue;

    public async Task SendAsync(string node, string connectionId, ReadOnlyMemory<byte> message)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        var length = Encoding.UTF8.GetByteCount(connectionId);
        var envelope = new byte[length + 1 + message.Length];
        Encoding.UTF8.GetBytes(connectionId, envelope);
        envelope[length] = Separator;
        message.Span.CopyTo(envelope.AsSpan(length + 1));
        await redis.GetSubscriber().PublishAsync(Channel(node), envelope).ConfigureAwait(false);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _queue = await redis.GetSubscriber().SubscribeAsync(Channel(node.Id)).ConfigureAwait(false);
        _queue.OnMessage(DeliverAsync);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (await _queue.UnsubscribeQuietlyAsync().ConfigureAwait(false) is { } e)
        {
            LogUnsubscribeFailed(logger, e);
        }
    }

    private async Task DeliverAsync(ChannelMessage message)
    {
        var envelope = (ReadOnlyMemory<byte>)message.Message;
        var end = envelope.Span.IndexOf(Separator);
        if (end <= 0)
        {
            LogMalformed(logger, message.Channel.ToString());
            return;
        }

        var connectionId = Encoding.UTF8.GetString(envelope.Span[..end]);
        try
        {
            await connections.DeliverAsync(connectionId, envelope[(end + 1)..]).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // One socket's failure must not stop the node's queue.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogDeliveryFailed(logger, e, connectionId);
        }
    }

    private RedisChannel Channel(string socketNode) => RedisChannel.Literal(options.Value.KeyPrefix + "sockets:" + socketNode);

    [LoggerMessage(110, LogLevel.Warning, "A relayed socket event on {Channel} has no connection id; dropped.", EventName = "SocketRelayMalformed")]
    private static partial void LogMalformed(ILogger logger, string channel);

    [LoggerMessage(112, LogLevel.Information, "The socket relay could not unsubscribe while stopping; its Redis connection is gone.", EventName = "SocketRelayUnsubscribeFailed")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(111, LogLevel.Warning, "A relayed event for socket {ConnectionId} could not be delivered.", EventName = "SocketRelayFailed")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, string connectionId);
}
