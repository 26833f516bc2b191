using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Parley.Server.Tls;

namespace Parley.Network.Tests.TestUtils;

/// <summary>
/// A certificate for the lab server's address made by <c>parley cert</c>, as an operator without a public name
/// would. Chromium trusts it by its public key (<see cref="ChromiumTrustArgument"/>) instead of an installed authority.
/// </summary>
public sealed class LabCertificate : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory(NamespaceSet.Prefix + "-tls-").FullName;

    public LabCertificate(string address)
    {
        using var said = new StringWriter();
        var exitCode = CertificateCommand.Run(["--out", _directory, "--host", address, "--days", "2"], said, said);
        Assert.True(exitCode == 0, $"parley cert failed ({exitCode}):\n{said}");
        using var leaf = X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath);
        ChromiumTrustArgument = "--ignore-certificate-errors-spki-list=" +
            Convert.ToBase64String(SHA256.HashData(leaf.PublicKey.ExportSubjectPublicKeyInfo()));
    }

    public string CertificatePath => Path.Combine(_directory, DevelopmentCertificate.CertificateFile);

    public string KeyPath => Path.Combine(_directory, DevelopmentCertificate.KeyFile);

    public string ChromiumTrustArgument { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
