using System.Text.Json.Serialization;

namespace Parley.Signaling.Contracts;

/// <summary>One entry of <c>RTCConfiguration.iceServers</c>.</summary>
public sealed record IceServer(
    IReadOnlyList<string> Urls,
    // Browsers turn a null username into the string "null", so absent credentials are omitted.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Username = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Credential = null);
