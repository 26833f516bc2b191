using System.Text.Json;
using System.Text.Json.Serialization;
using Parley.Signaling.Contracts;

namespace Parley.Signaling.Sockets;

/// <summary>The socket's JSON, source-generated, with the property names the hub's JSON protocol uses (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(JoinResult))]
[JsonSerializable(typeof(SignalingResult))]
[JsonSerializable(typeof(SignalingError))]
[JsonSerializable(typeof(ReadyPeer))]
[JsonSerializable(typeof(DataMessage))]
[JsonSerializable(typeof(PeerInfo))]
[JsonSerializable(typeof(RefusedCall))]
internal sealed partial class SignalingJsonContext : JsonSerializerContext;
