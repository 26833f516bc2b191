using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Parley.Server.Tls;

namespace Parley.Server.Tests.TestUtils;

/// <summary>
/// Two certificate sets for 127.0.0.1 made with <c>parley cert</c>'s code, each from its own authority and key:
/// <see cref="Current"/> is what the server starts with, <see cref="Renewed"/> what a renewal puts in its place.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("parley-tls-").FullName;

    public TestCertificates()
    {
        Current = Make("current");
        Renewed = Make("renewed");
        Directory.CreateDirectory(Path.Combine(_root, "live"));
        Install(Current);
    }

    public CertificateSet Current { get; }

    public CertificateSet Renewed { get; }

    /// <summary>Where the server reads its certificate from.</summary>
    public string CertificatePath => Path.Combine(_root, "live", DevelopmentCertificate.CertificateFile);

    public string KeyPath => Path.Combine(_root, "live", DevelopmentCertificate.KeyFile);

    /// <summary>Chromium trusts both sets by their public keys, so a renewal mid-test stays trusted.</summary>
    public string ChromiumTrustArgument => "--ignore-certificate-errors-spki-list=" + Current.SpkiHash + "," + Renewed.SpkiHash;

    /// <summary>Replaces the live files the way a renewal tool does: write beside, then rename over.</summary>
    public void Install(CertificateSet set)
    {
        foreach (var (from, to) in new[] { (set.CertificatePath, CertificatePath), (set.KeyPath, KeyPath) })
        {
            var staging = to + ".new";
            File.Copy(from, staging, overwrite: true);
            File.Move(staging, to, overwrite: true);
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private CertificateSet Make(string name)
    {
        var directory = Path.Combine(_root, name);
        DevelopmentCertificate.Create(directory, ["127.0.0.1"], TimeSpan.FromDays(2), TimeProvider.System);
        var certificatePath = Path.Combine(directory, DevelopmentCertificate.CertificateFile);
        using var leaf = X509Certificate2.CreateFromPemFile(certificatePath, Path.Combine(directory, DevelopmentCertificate.KeyFile));
        var spki = Convert.ToBase64String(SHA256.HashData(leaf.PublicKey.ExportSubjectPublicKeyInfo()));
        return new CertificateSet(certificatePath, Path.Combine(directory, DevelopmentCertificate.KeyFile), leaf.Thumbprint, spki);
    }
}

public sealed record CertificateSet(string CertificatePath, string KeyPath, string Thumbprint, string SpkiHash);
