using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Parley.Server.Proxy;

/// <summary>
/// Configuration section <c>Proxy</c>: the reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>
/// Parley believes. From any other peer those headers are ignored, so a client cannot choose its own address.
/// </summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string SectionName = "Proxy";

    /// <summary>Addresses (<c>127.0.0.1</c>) or CIDR ranges (<c>10.0.0.0/8</c>, <c>fd00::/8</c>) of the trusted proxies.</summary>
    public IList<string> TrustedNetworks { get; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < TrustedNetworks.Count; i++)
        {
            if (!TryParseNetwork(TrustedNetworks[i], out _))
            {
                yield return new ValidationResult(
                    $"{SectionName}:{nameof(TrustedNetworks)}:{i} '{TrustedNetworks[i]}' is neither an IP address nor a CIDR range with no bits set beyond its prefix (10.0.0.0/8, fd00::/8).",
                    [nameof(TrustedNetworks)]);
            }
        }
    }

    /// <summary>The trusted networks; an address alone is a network of one.</summary>
    internal IReadOnlyList<IPNetwork> Networks() =>
        [.. TrustedNetworks.Select(entry => TryParseNetwork(entry, out var network) ? network : throw new FormatException(entry))];

    private static bool TryParseNetwork(string entry, out IPNetwork network)
    {
        if (IPAddress.TryParse(entry, out var address) && !entry.Contains('/', StringComparison.Ordinal))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        // A range with host bits set (10.0.0.1/8) is most likely a typo for an address: refused, not silently widened.
        return IPNetwork.TryParse(entry, out network)
            && IPAddress.TryParse(entry.AsSpan(0, entry.IndexOf('/', StringComparison.Ordinal)), out var written)
            && written.Equals(network.BaseAddress);
    }
}
