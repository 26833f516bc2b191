using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Parley.Server.Tls;

namespace Parley.Server.Tests;

/// <summary>Loading the HTTPS certificate from PEM or PKCS#12 files, and renewals that go right or wrong.</summary>
public sealed class ServerCertificateTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("parley-certificate-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public void PemChain_LoadsTheLeafWithItsKey_AndKeepsTheRestAsIntermediates()
    {
        var (certificate, key) = MakeCertificate("pem");

        var (leaf, intermediates) = CertificateFiles.Load(new TlsOptions { CertificatePath = certificate, KeyPath = key });

        Assert.True(leaf.HasPrivateKey, "The leaf certificate was loaded without its private key");
        Assert.Contains("O=Parley", leaf.Subject, StringComparison.Ordinal);
        var intermediate = Assert.Single(intermediates);
        Assert.Contains("Parley local authority", intermediate.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Pkcs12WithAPassword_LoadsTheCertificateWithItsKey()
    {
        var (certificate, key) = MakeCertificate("pfx");
        using var pem = X509Certificate2.CreateFromPemFile(certificate, key);
        var pfx = Path.Combine(_directory, "server.pfx");
        File.WriteAllBytes(pfx, pem.Export(X509ContentType.Pkcs12, "pfx-password"));

        var (leaf, _) = CertificateFiles.Load(new TlsOptions { CertificatePath = pfx, CertificatePassword = "pfx-password" });

        Assert.Equal(pem.Thumbprint, leaf.Thumbprint);
        Assert.True(leaf.HasPrivateKey, "The PKCS#12 certificate was loaded without its private key");
    }

    [Fact]
    public void Renewal_IsPickedUpAfterTheFilesChange_AndABrokenOneKeepsThePreviousCertificate()
    {
        var (certificate, key) = MakeCertificate("first");
        var (renewedCertificate, renewedKey) = MakeCertificate("renewed");
        var live = new TlsOptions { CertificatePath = Path.Combine(_directory, "live.crt"), KeyPath = Path.Combine(_directory, "live.key") };
        File.Copy(certificate, live.CertificatePath, overwrite: true);
        File.Copy(key, live.KeyPath, overwrite: true);
        var server = new ServerCertificate(Options.Create(live), _time, NullLogger<ServerCertificate>.Instance);
        var first = server.Leaf.Thumbprint;

        File.WriteAllText(live.CertificatePath, "-----BEGIN CERTIFICATE-----\nhalf a renewal\n");
        _time.Advance(TimeSpan.FromSeconds(2));
        _ = server.Current;
        Assert.True(server.Leaf.Thumbprint == first, "A certificate file that cannot be loaded replaced the working certificate");

        File.Copy(renewedCertificate, live.CertificatePath, overwrite: true);
        File.Copy(renewedKey, live.KeyPath, overwrite: true);
        _time.Advance(TimeSpan.FromSeconds(2));
        _ = server.Current;

        using var renewed = X509Certificate2.CreateFromPemFile(renewedCertificate, renewedKey);
        Assert.True(server.Leaf.Thumbprint == renewed.Thumbprint, "The renewed certificate files were not picked up");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private (string Certificate, string Key) MakeCertificate(string name)
    {
        var directory = Path.Combine(_directory, name);
        DevelopmentCertificate.Create(directory, [], TimeSpan.FromDays(1), _time);
        return (Path.Combine(directory, DevelopmentCertificate.CertificateFile), Path.Combine(directory, DevelopmentCertificate.KeyFile));
    }
}
