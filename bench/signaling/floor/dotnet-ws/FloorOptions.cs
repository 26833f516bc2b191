namespace Parley.Bench.FloorWs;

/// <summary>How a relayed frame reaches the target peer's socket.</summary>
internal enum SendMode
{
    /// <summary>The receiving loop takes the target's send lock and writes one frame per message.</summary>
    Direct,

    /// <summary>Frames are appended to the target's pending bytes; whoever finds no write in flight writes them all, inline.</summary>
    Coalesce,

    /// <summary>As <see cref="Coalesce"/>, but the write runs as a thread-pool work item: a single-writer queue.</summary>
    Queue,
}

/// <summary>The listening socket: Kestrel's HTTP/1.1 upgrade, or a bare <see cref="System.Net.Sockets.Socket"/> with a hand-read handshake.</summary>
internal enum TransportKind
{
    Kestrel,
    Socket,
}

/// <summary>The switches of the floor relay, read from environment variables so the bench can flip them per variant.</summary>
internal sealed record FloorOptions(
    int Port,
    SendMode Send,
    TransportKind Transport,
    bool InlineScheduling,
    int? IoQueueCount,
    bool Validate)
{
    public static FloorOptions Read(string[] args)
    {
        var port = 0;
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--port")
            {
                port = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        if (port <= 0)
        {
            throw new ArgumentException("usage: Parley.Bench.FloorWs --port N (switches: FLOOR_SEND, FLOOR_TRANSPORT, FLOOR_INLINE, FLOOR_IOQUEUES, FLOOR_VALIDATE)");
        }

        var ioQueues = Environment.GetEnvironmentVariable("FLOOR_IOQUEUES");
        return new FloorOptions(
            port,
            Enum.Parse<SendMode>(Environment.GetEnvironmentVariable("FLOOR_SEND") ?? nameof(SendMode.Direct), ignoreCase: true),
            Enum.Parse<TransportKind>(Environment.GetEnvironmentVariable("FLOOR_TRANSPORT") ?? nameof(TransportKind.Kestrel), ignoreCase: true),
            Environment.GetEnvironmentVariable("FLOOR_INLINE") == "1",
            ioQueues is null ? null : int.Parse(ioQueues, System.Globalization.CultureInfo.InvariantCulture),
            Environment.GetEnvironmentVariable("FLOOR_VALIDATE") != "0");
    }
}
