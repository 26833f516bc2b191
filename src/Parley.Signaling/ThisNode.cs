using System.Globalization;

namespace Parley.Signaling;

/// <summary>
/// This node's name among the nodes sharing rooms: the room registry records it with every seat this node's
/// connections hold, so that an event for one of them is sent here.
/// </summary>
public sealed class ThisNode(string id)
{
    public ThisNode()
        : this(NewId(name: null))
    {
    }

    public string Id => id;

    /// <summary>A readable name (the configured one, else the machine's) made unique by a random suffix.</summary>
    public static string NewId(string? name)
    {
        var readable = string.IsNullOrWhiteSpace(name) ? Environment.MachineName : name.Trim();
        return string.Create(
            CultureInfo.InvariantCulture, $"{readable}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 6))}");
    }
}
