using System.ComponentModel.DataAnnotations;

namespace Parley.Signaling.IceServers;

/// <summary>A STUN or TURN server from configuration, handed to browsers as is.</summary>
public sealed class IceServerEntry : IValidatableObject
{
    public IList<string> Urls { get; } = [];

    public string? Username { get; set; }

    public string? Credential { get; set; }

    /// <summary>
    /// The shared secret of an external TURN server using the TURN REST scheme (coturn's <c>use-auth-secret</c>):
    /// each client then gets its own short-lived credentials instead of a fixed <see cref="Credential"/>.
    /// </summary>
    public string? SharedSecret { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Urls.Count == 0)
        {
            yield return new ValidationResult("An ICE server needs at least one URL.", [nameof(Urls)]);
        }

        foreach (var url in Urls)
        {
            // RFC 7064 / RFC 7065: the URI schemes a browser accepts in RTCIceServer.urls.
            if (!url.StartsWith("stun:", StringComparison.Ordinal) && !url.StartsWith("stuns:", StringComparison.Ordinal)
                && !url.StartsWith("turn:", StringComparison.Ordinal) && !url.StartsWith("turns:", StringComparison.Ordinal))
            {
                yield return new ValidationResult(
                    $"ICE server URL '{url}' must start with stun:, stuns:, turn: or turns:.", [nameof(Urls)]);
            }
        }

        if (SharedSecret is not null && (Username is not null || Credential is not null))
        {
            yield return new ValidationResult(
                "An ICE server has either a SharedSecret or a Username and Credential, not both.", [nameof(SharedSecret)]);
        }

        if (Username is null != Credential is null)
        {
            yield return new ValidationResult(
                "An ICE server's Username and Credential are set together or not at all.", [nameof(Username)]);
        }
    }
}
