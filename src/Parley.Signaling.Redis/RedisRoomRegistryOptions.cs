using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Parley.Signaling.Redis;

/// <summary>
/// Settings of the Redis room registry, bound from the <c>Redis</c> configuration section
/// (<see cref="SectionName"/>).
/// </summary>
public sealed class RedisRoomRegistryOptions
{
    public const string SectionName = "Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string, e.g. <c>redis.internal:6379,password=…,ssl=true</c>.
    /// Required unless the host registers its own <see cref="StackExchange.Redis.IConnectionMultiplexer"/>.
    /// Timeouts it names win over <see cref="OperationTimeout"/>.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>Whether <paramref name="configuration"/> names a Redis (<c>Redis:Configuration</c>): the node shares rooms.</summary>
    public static bool IsConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[$"{SectionName}:{nameof(Configuration)}"]);
    }

    /// <summary>
    /// Put in front of every key, so several deployments (or other applications) can share one Redis database.
    /// Default <c>parley:</c>. Every node of one deployment must use the same prefix.
    /// </summary>
    [Required(AllowEmptyStrings = true)]
    public string KeyPrefix { get; set; } = "parley:";

    /// <summary>
    /// The readable part of this node's id; a random suffix is always added, so a restarted process is a new node
    /// and the seats its previous life held are reaped like any dead node's. Default: the machine name.
    /// </summary>
    [StringLength(64)]
    public string? NodeName { get; set; }

    /// <summary>How often a node refreshes its presence, retries failed releases and reaps dead nodes. Default 5 s.</summary>
    [TimeSpanRange("00:00:00.010", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a node's presence lasts without a heartbeat. Once it has lapsed, any other node removes the seats
    /// the silent node held and tells their rooms <c>PeerLeft</c>. Default 15 s; must exceed
    /// <see cref="HeartbeatInterval"/>.
    /// </summary>
    [TimeSpanRange("00:00:00.050", "01:00:00")]
    public TimeSpan PresenceTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// For the connection that <c>AddParleyRedisRooms</c> opens: how long connecting and each command may take
    /// before it fails (<c>connectTimeout</c>, <c>asyncTimeout</c>, <c>syncTimeout</c>). Default 2 s, short so a
    /// signaling call fails fast instead of hanging while Redis is down.
    /// </summary>
    [TimeSpanRange("00:00:00.050", "00:01:00")]
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The most seats one reaping script removes, so a dead node with many seats never blocks Redis for long.</summary>
    [Range(1, 100_000)]
    public int ReapBatchSize { get; set; } = 500;
}
