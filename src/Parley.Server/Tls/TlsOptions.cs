namespace Parley.Server.Tls;

/// <summary>
/// Configuration section <c>Tls</c>: the certificate for Parley's <c>https://</c> addresses, which then serve
/// HTTPS, secure WebSocket signaling and TURN over TLS on the same port.
/// </summary>
public sealed class TlsOptions
{
    public const string SectionName = "Tls";

    /// <summary>A PEM certificate (chain first leaf, then intermediates) or a PKCS#12 (.pfx/.p12) file. Unset: no TLS from Parley.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key, when it is not in <see cref="CertificatePath"/> itself.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The password of a PKCS#12 file or of an encrypted PEM key.</summary>
    public string? CertificatePassword { get; set; }

    public bool IsEnabled => !string.IsNullOrWhiteSpace(CertificatePath);
}
