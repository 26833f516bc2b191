using System.Net;
using System.Security.Cryptography.X509Certificates;
using Parley.Server.Tls;

namespace Parley.Server.Tests;

/// <summary><c>parley cert</c>: a LAN certificate browsers accept once its authority is trusted.</summary>
public sealed class CertificateCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("parley-cert-").FullName;

    [Fact]
    public void CertCommand_SignsACertificateForThisHost_ThatItsAuthorityValidates()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exitCode = CertificateCommand.Run(["--out", _directory, "--host", "parley.lan", "--host", "10.1.2.3"], output, error);

        Assert.True(exitCode == 0, $"parley cert failed: {error}");
        using var leaf = X509Certificate2.CreateFromPemFile(Path.Combine(_directory, DevelopmentCertificate.CertificateFile), Path.Combine(_directory, DevelopmentCertificate.KeyFile));
        using var authority = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_directory, DevelopmentCertificate.AuthorityFile));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(leaf), "The certificate does not chain to the authority written beside it: " + string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.True(leaf.MatchesHostname("parley.lan") && leaf.MatchesHostname("localhost") && leaf.MatchesHostname("10.1.2.3") && leaf.MatchesHostname(IPAddress.Loopback.ToString()),
            "The certificate should cover localhost, 127.0.0.1 and the names given with --host");
        Assert.Contains("--Tls:CertificatePath", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CertCommand_RunAgain_KeepsTheAuthorityDevicesAlreadyTrust()
    {
        CertificateCommand.Run(["--out", _directory], TextWriter.Null, TextWriter.Null);
        var first = File.ReadAllText(Path.Combine(_directory, DevelopmentCertificate.AuthorityFile));

        CertificateCommand.Run(["--out", _directory], TextWriter.Null, TextWriter.Null);

        Assert.Equal(first, File.ReadAllText(Path.Combine(_directory, DevelopmentCertificate.AuthorityFile)));
    }

    [Fact]
    public void CertCommand_WithAnUnknownArgument_ExplainsItsUsage()
    {
        using var error = new StringWriter();

        int exitCode = CertificateCommand.Run(["--bogus"], TextWriter.Null, error);

        Assert.Equal(2, exitCode);
        Assert.Contains("usage: parley cert", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
