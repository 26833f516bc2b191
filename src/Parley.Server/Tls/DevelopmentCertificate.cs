using System.Net;
using System.Net.NetworkInformation;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Parley.Server.Tls;

/// <summary>
/// A private certificate authority and a server certificate it signs for this host's names and addresses, for
/// HTTPS on a LAN without a public certificate: trust the authority once on each device, and browsers give pages
/// the camera. The authority is reused when it already exists, so devices need not trust it again.
/// </summary>
public static class DevelopmentCertificate
{
    public const string AuthorityFile = "parley-ca.crt";
    public const string AuthorityKeyFile = "parley-ca.key";
    public const string CertificateFile = "parley.crt";
    public const string KeyFile = "parley.key";

    /// <summary>Writes the files to <paramref name="directory"/> and returns the names and addresses the certificate covers.</summary>
    public static IReadOnlyList<string> Create(string directory, IEnumerable<string> extraNames, TimeSpan lifetime, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        Directory.CreateDirectory(directory);
        var now = time.GetUtcNow();
        using var authority = LoadOrCreateAuthority(directory, now);

        var names = new SortedSet<string>(StringComparer.OrdinalIgnoreCase) { "localhost", Dns.GetHostName() };
        names.UnionWith(extraNames);
        var addresses = new HashSet<IPAddress>(LocalAddresses());
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                addresses.Add(address);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        foreach (var address in addresses)
        {
            san.AddIpAddress(address);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={Dns.GetHostName()}, O=Parley", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));

        // Browsers refuse server certificates valid for more than 398 days, even from a private authority on some platforms.
        var notAfter = now + (lifetime > TimeSpan.FromDays(397) ? TimeSpan.FromDays(397) : lifetime);
        using var certificate = request.Create(authority, now.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(16));
        WritePem(Path.Combine(directory, CertificateFile), certificate.ExportCertificatePem() + "\n" + authority.ExportCertificatePem() + "\n");
        WritePem(Path.Combine(directory, KeyFile), key.ExportPkcs8PrivateKeyPem() + "\n", secret: true);
        return [.. names.Where(n => !IPAddress.TryParse(n, out _)), .. addresses.Select(a => a.ToString())];
    }

    private static X509Certificate2 LoadOrCreateAuthority(string directory, DateTimeOffset now)
    {
        var certificatePath = Path.Combine(directory, AuthorityFile);
        var keyPath = Path.Combine(directory, AuthorityKeyFile);
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            return X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=Parley local authority ({Dns.GetHostName()}), O=Parley", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var authority = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        WritePem(certificatePath, authority.ExportCertificatePem() + "\n");
        WritePem(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n", secret: true);
        return X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
    }

    private static IEnumerable<IPAddress> LocalAddresses() => NetworkInterface.GetAllNetworkInterfaces()
        .Where(n => n.OperationalStatus == OperationalStatus.Up)
        .SelectMany(n => n.GetIPProperties().UnicastAddresses)
        .Select(a => a.Address)
        .Where(a => !a.IsIPv6LinkLocal)
        .Append(IPAddress.Loopback)
        .Append(IPAddress.IPv6Loopback);

    private static void WritePem(string path, string pem, bool secret = false)
    {
        File.WriteAllText(path, pem);
        if (secret && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
