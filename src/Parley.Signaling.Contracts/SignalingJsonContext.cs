using System.Text.Json;
using System.Text.Json.Serialization;

namespace Parley.Signaling.Contracts;

/// <summary>
/// The protocol's JSON, source-generated: camelCase property names, read exactly as spelled (a property spelled
/// otherwise is not read), as the server writes them and the client reads them.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(JoinResult))]
[JsonSerializable(typeof(SignalingResult))]
[JsonSerializable(typeof(SignalingError))]
[JsonSerializable(typeof(ReadyPeer))]
[JsonSerializable(typeof(DataMessage))]
[JsonSerializable(typeof(PeerInfo))]
[JsonSerializable(typeof(RefusedCall))]
[JsonSerializable(typeof(IceServersResponse))]
public sealed partial class SignalingJsonContext : JsonSerializerContext;
