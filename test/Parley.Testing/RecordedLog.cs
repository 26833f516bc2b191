using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Parley.Testing;

/// <summary>A logger provider that keeps the events a server logs, for tests that wait for something the server did quietly.</summary>
public sealed class RecordedLog : ILoggerProvider
{
    /// <summary>Records what <paramref name="services"/>' host logs from Parley's own categories, Debug and up.</summary>
    public void AddTo(IServiceCollection services) =>
        services.AddLogging(logging => logging.AddProvider(this).AddFilter<RecordedLog>("Parley", LogLevel.Debug));

    private readonly ConcurrentQueue<(string Category, EventId Id, string Message)> _events = new();

    public IReadOnlyList<(string Category, EventId Id, string Message)> Events => [.. _events];

    /// <summary>How many events named <paramref name="eventName"/> were logged.</summary>
    public int Count(string eventName) => _events.Count(e => e.Id.Name == eventName);

    /// <summary>Waits until <paramref name="eventName"/> was logged <paramref name="count"/> times.</summary>
    public Task WaitForAsync(string eventName, int count = 1) =>
        Eventually.HoldsAsync(() => Count(eventName) >= count, () => $"{count} {eventName} log events (saw {Count(eventName)})");

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(RecordedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log._events.Enqueue((category, eventId, formatter(state, exception)));
    }
}
