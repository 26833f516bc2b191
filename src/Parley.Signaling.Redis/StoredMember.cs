using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Parley.Signaling.Rooms;

namespace Parley.Signaling.Redis;

/// <summary>
/// A seat as stored in a room's hash: JSON, because the Lua scripts read and rewrite it with <c>cjson</c>.
/// It holds a SHA-256 of the resume token, never the token, and for a held seat the end of its grace period
/// (<c>a</c>, Unix milliseconds).
/// </summary>
internal sealed record StoredMember(
    [property: JsonPropertyName("p")] string PeerId,
    [property: JsonPropertyName("u")] string Username,
    [property: JsonPropertyName("c")] string ConnectionId,
    [property: JsonPropertyName("t")] string TokenHash,
    [property: JsonPropertyName("n")] string Node,
    [property: JsonPropertyName("s")] long Sequence,
    [property: JsonPropertyName("a")] long? AwayUntilMs = null)
{
    public static StoredMember FromJson(string json) =>
        JsonSerializer.Deserialize(json, StoredMemberJson.Default.StoredMember)
        ?? throw new InvalidDataException("A room member record in Redis is null.");

    /// <summary>The member as <see cref="IRoomRegistry"/> hands it out; the token's hash stays in Redis.</summary>
    public RoomMember ToMember(string room) => new(
        room, PeerId, Username, ConnectionId, Node, AwayUntilMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null);

    /// <summary>Lower-case hex SHA-256 of the token's UTF-8: what the scripts compare.</summary>
    public static string HashToken(string token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), hash);
        return Convert.ToHexStringLower(hash);
    }
}

[JsonSerializable(typeof(StoredMember))]
internal sealed partial class StoredMemberJson : JsonSerializerContext;
