using System.Text.Json.Serialization;

namespace Parley.Signaling.Contracts;

/// <summary>One entry of <c>RTCConfiguration.iceServers</c>.</summary>
/// <param name="Urls">Its <c>stun:</c>, <c>stuns:</c>, <c>turn:</c> or <c>turns:</c> URLs.</param>
/// <param name="Username">The TURN user name; absent for STUN.</param>
/// <param name="Credential">The TURN password; absent for STUN.</param>
public sealed record IceServer(
    IReadOnlyList<string> Urls,
    // Browsers turn a null username into the string "null", so absent credentials are omitted.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Username = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Credential = null);
