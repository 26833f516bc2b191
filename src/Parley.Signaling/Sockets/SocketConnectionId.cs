using System.Globalization;

namespace Parley.Signaling.Sockets;

/// <summary>
/// A socket connection's id, <c>ws:{node}:{number}</c>: it names the node holding the socket, so that an event for it
/// finds its way there. SignalR's connection ids never start with <c>ws:</c> (they are base64url).
/// </summary>
public static class SocketConnectionId
{
    private const string Prefix = "ws:";

    public static string Create(string node, long number) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{node}:{number}");

    /// <summary>The node of a socket connection's id; false for any other id.</summary>
    public static bool TryGetNode(string connectionId, out ReadOnlySpan<char> node)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        node = default;
        if (!connectionId.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = connectionId.AsSpan(Prefix.Length);
        var end = rest.LastIndexOf(':');
        if (end <= 0)
        {
            return false;
        }

        node = rest[..end];
        return true;
    }
}
