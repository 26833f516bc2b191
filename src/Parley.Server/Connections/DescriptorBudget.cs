using Parley.Turn;

namespace Parley.Server.Connections;

/// <summary>
/// The process's file descriptors shared out, so that no part can starve the others: <see cref="ConnectionLimitsOptions.ReservedDescriptors"/>
/// for Redis, logs and listeners; TURN its stream connections (TCP and TLS) and relay sockets, at most half of the rest
/// (configured limits that would need more are lowered in proportion); the web app what is left, half for plain
/// connections (TURN over TLS among them) and half for upgraded ones (WebSocket signaling).
/// </summary>
internal sealed record DescriptorBudget(long Limit, int Reserved, int TurnStreams, int TurnAllocations, int RelaySocketsPerAllocation, long WebConnections, long WebUpgraded)
{
    /// <summary>Shares out <paramref name="limit"/> descriptors; TURN asks for <paramref name="turnStreams"/> + <paramref name="turnAllocations"/> × <paramref name="relaySocketsPerAllocation"/>.</summary>
    public static DescriptorBudget Plan(long limit, int reserved, int turnStreams, int turnAllocations, int relaySocketsPerAllocation)
    {
        long available = Math.Max(0, limit - reserved);
        long turn = turnStreams + ((long)turnAllocations * relaySocketsPerAllocation);
        if (turn > available / 2)
        {
            double share = available / 2.0 / turn;
            turnStreams = Math.Max(1, (int)(turnStreams * share));
            turnAllocations = Math.Max(1, (int)(turnAllocations * share));
            turn = turnStreams + ((long)turnAllocations * relaySocketsPerAllocation);
        }

        long web = Math.Max(2, available - turn);
        return new DescriptorBudget(limit, reserved, turnStreams, turnAllocations, relaySocketsPerAllocation, web / 2, web - (web / 2));
    }

    /// <summary>
    /// The budget for <paramref name="turn"/>'s limits (null: the embedded TURN is off), or null when the process's
    /// descriptor limit is unknown (not Linux) or unlimited.
    /// </summary>
    public static DescriptorBudget? For(ConnectionLimitsOptions limits, TurnServerOptions? turn)
    {
        if ((limits.DescriptorLimit ?? ProcessDescriptorLimit()) is not { } limit)
        {
            return null;
        }

        // An allocation holds an IPv4 relay socket, and an IPv6 one too when those are on.
        return turn is null
            ? Plan(limit, limits.ReservedDescriptors, 0, 0, 0)
            : Plan(limit, limits.ReservedDescriptors, turn.MaxTcpConnections, turn.MaxAllocations, turn.RelayIPv6Address is null ? 1 : 2);
    }

    /// <summary>The soft RLIMIT_NOFILE, which .NET raises to the hard limit at start-up, read from /proc/self/limits.</summary>
    internal static long? ProcessDescriptorLimit()
    {
        const string path = "/proc/self/limits";
        if (!File.Exists(path))
        {
            return null;
        }

        // "Max open files            65536                65536                files"
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return long.TryParse(soft, out var value) ? value : null;
    }
}
