using Parley.Signaling.Redis;

namespace Parley.Testing;

/// <summary>A whole Parley signaling node on Kestrel (loopback, free port) whose rooms live in Redis and whose events cross to other nodes through it.</summary>
public static class RedisNode
{
    /// <summary>
    /// A node heartbeating every 200 ms, dead to the others 1 s after its last heartbeat, holding a dropped seat for 1 s,
    /// that closes its connections at once when stopped; <paramref name="settings"/> override these.
    /// </summary>
    public static Task<SignalingServer> StartAsync(
        RedisServer redis, string prefix, string name, RecordedLog? log = null, params KeyValuePair<string, string?>[] settings) =>
        SignalingServer.StartAsync(
            (services, configuration) =>
            {
                services.AddParleyRedisRooms(configuration);
                log?.AddTo(services);
            },
            [
                new("Redis:Configuration", redis.Endpoint),
                new("Redis:KeyPrefix", prefix),
                new("Redis:NodeName", name),
                new("Redis:HeartbeatInterval", "00:00:00.2"),
                new("Redis:PresenceTimeout", "00:00:01"),
                new("Signaling:ReconnectGracePeriod", "00:00:01"),
                new("Signaling:DrainTimeout", "00:00:00"),
                .. settings,
            ]);
}
