using System.ComponentModel.DataAnnotations;

namespace Parley.Server.Operations;

/// <summary>
/// Configuration section <c>Management</c>: an address for operators only (a private interface, loopback, a VPN),
/// where <c>/metrics</c> and the detailed health answers are served instead of on the public web address.
/// </summary>
public sealed class ManagementOptions : IValidatableObject
{
    public const string SectionName = "Management";

    /// <summary><c>http://host:port</c> URLs, each with its own port (the port tells a management request from a public one).</summary>
    public IList<string> Urls { get; } = [];

    public bool IsEnabled => Urls.Count > 0;

    /// <summary>The ports of <see cref="Urls"/>: a request that arrived on one of them is a management request.</summary>
    public IReadOnlySet<int> Ports() => Urls.Select(url => TryParse(url, out var port) ? port : throw new FormatException(url)).ToHashSet();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Urls.Count; i++)
        {
            if (!TryParse(Urls[i], out _))
            {
                yield return new ValidationResult(
                    $"{SectionName}:{nameof(Urls)}:{i} '{Urls[i]}' is not an http:// URL with an explicit port other than 0 (http://127.0.0.1:9090).",
                    [nameof(Urls)]);
            }
        }
    }

    private static bool TryParse(string url, out int port)
    {
        // Uri fills in 80 for a URL without a port: only a port written out counts.
        port = Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && !uri.IsDefaultPort ? uri.Port : 0;
        return port > 0;
    }
}
