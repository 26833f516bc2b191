using System.Reflection;
using Microsoft.Extensions.Logging;
using Parley.Client;
using Parley.Signaling;
using Parley.Signaling.Redis;
using Parley.Turn;

namespace Parley.Server.Tests;

/// <summary>An event id names one kind of log line across the whole product, so a log query by id finds only that.</summary>
public sealed class LogEventIdTests
{
    private static readonly Assembly[] ProductAssemblies =
    [
        typeof(TurnServer).Assembly,
        typeof(SignalingProtocol).Assembly,
        typeof(RedisRoomRegistry).Assembly,
        typeof(ParleyApplication).Assembly,
        typeof(ParleyClient).Assembly,
    ];

    [Fact]
    public void EveryLoggerMessage_HasAnEventIdNoOtherProductLoggerMessageUses()
    {
        var events = ProductAssemblies
            .SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(method => (Method: method, Message: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(e => e.Message is not null)
            .Select(e => (e.Message!.EventId, Where: $"{e.Method.DeclaringType!.Assembly.GetName().Name}: {e.Method.DeclaringType.Name}.{e.Method.Name}"))
            .ToList();

        var reused = events
            .GroupBy(e => e.EventId)
            .Where(same => same.Count() > 1)
            .Select(same => $"{same.Key} ({string.Join(", ", same.Select(e => e.Where))})")
            .ToList();

        Assert.True(events.Count >= 40, $"found only {events.Count} [LoggerMessage] methods: the scan misses some");
        Assert.True(reused.Count == 0, $"event ids used by more than one log message: {string.Join("; ", reused)}");
    }
}
