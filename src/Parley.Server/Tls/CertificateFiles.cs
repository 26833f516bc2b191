using System.Security.Cryptography.X509Certificates;

namespace Parley.Server.Tls;

/// <summary>Reads a server certificate with its private key, and any intermediates, from PEM or PKCS#12 files.</summary>
internal static class CertificateFiles
{
    public static (X509Certificate2 Leaf, X509Certificate2Collection Intermediates) Load(TlsOptions options)
    {
        var path = options.CertificatePath ?? throw new ArgumentException("Tls:CertificatePath is not set.", nameof(options));
        if (IsPem(path))
        {
            var leaf = options.CertificatePassword is { Length: > 0 } password
                ? X509Certificate2.CreateFromEncryptedPemFile(path, password, options.KeyPath)
                : X509Certificate2.CreateFromPemFile(path, options.KeyPath);
            var chain = new X509Certificate2Collection();
            chain.ImportFromPemFile(path);
            var intermediates = new X509Certificate2Collection();
            foreach (var certificate in chain.Skip(1))
            {
                intermediates.Add(certificate);
            }

            return (RequirePrivateKey(leaf, path), intermediates);
        }

        var bundle = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, options.CertificatePassword);
        var withKey = bundle.FirstOrDefault(c => c.HasPrivateKey)
            ?? throw new ArgumentException($"{path} holds no certificate with a private key.", nameof(options));
        var others = new X509Certificate2Collection();
        foreach (var certificate in bundle.Where(c => !ReferenceEquals(c, withKey)))
        {
            others.Add(certificate);
        }

        return (withKey, others);
    }

    private static X509Certificate2 RequirePrivateKey(X509Certificate2 certificate, string path) => certificate.HasPrivateKey
        ? certificate
        : throw new ArgumentException($"{path}: the certificate has no private key (set Tls:KeyPath).", nameof(path));

    // PEM files may open with text (openssl "Bag Attributes") before the first armour line.
    private static bool IsPem(string path)
    {
        Span<byte> start = stackalloc byte[4096];
        using var file = File.OpenRead(path);
        int read = file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        return start[..read].IndexOf("-----BEGIN "u8) >= 0;
    }
}
