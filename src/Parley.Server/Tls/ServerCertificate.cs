using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Parley.Server.Tls;

/// <summary>
/// The certificate presented on every TLS handshake, reloaded when its files change so a renewed certificate
/// (certbot, a Kubernetes secret) is used by new connections without a restart and without touching open ones.
/// A file that fails to load leaves the previous certificate in use.
/// </summary>
public sealed partial class ServerCertificate
{
    // Handshakes check the files at most this often: one stat per second costs nothing and needs no watcher thread.
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly TlsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ServerCertificate> _logger;
    private readonly Lock _reloading = new();
    private Loaded _current;
    private long _nextCheck;

    public ServerCertificate(IOptions<TlsOptions> options, TimeProvider time, ILogger<ServerCertificate> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        var version = FilesVersion.Read(_options);
        _current = Load(_options, version);
        LogLoaded(_logger, _current.Leaf.Subject, _current.Leaf.Thumbprint, _current.Leaf.NotAfter);
        _nextCheck = _time.GetTimestamp() + (long)(CheckInterval.TotalSeconds * _time.TimestampFrequency);
    }

    /// <summary>The certificate in use now: its leaf, for diagnostics and tests.</summary>
    public X509Certificate2 Leaf => _current.Leaf;

    /// <summary>The context for the next handshake, reloaded first if the files changed.</summary>
    public SslStreamCertificateContext Current
    {
        get
        {
            long now = _time.GetTimestamp();
            if (now >= Volatile.Read(ref _nextCheck))
            {
                ReloadIfChanged(now);
            }

            return Volatile.Read(ref _current).Context;
        }
    }

    private void ReloadIfChanged(long now)
    {
        lock (_reloading)
        {
            if (now < _nextCheck)
            {
                return;
            }

            _nextCheck = now + (long)(CheckInterval.TotalSeconds * _time.TimestampFrequency);
            FilesVersion version;
            try
            {
                version = FilesVersion.Read(_options);
                if (version == _current.Version)
                {
                    return;
                }

                var loaded = Load(_options, version);
                Volatile.Write(ref _current, loaded);
                LogReloaded(_logger, loaded.Leaf.Subject, loaded.Leaf.Thumbprint, loaded.Leaf.NotAfter);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                // Half-written files during a renewal land here too; the next check tries again.
                LogReloadFailed(_logger, e, _options.CertificatePath);
            }
        }
    }

    private static Loaded Load(TlsOptions options, FilesVersion version)
    {
        var (leaf, intermediates) = CertificateFiles.Load(options);
        var context = SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
        return new Loaded(leaf, context, version);
    }

    private sealed record Loaded(X509Certificate2 Leaf, SslStreamCertificateContext Context, FilesVersion Version);

    /// <summary>What identifies one version of the certificate files on disk.</summary>
    private readonly record struct FilesVersion(DateTime CertificateWritten, long CertificateLength, DateTime KeyWritten, long KeyLength)
    {
        public static FilesVersion Read(TlsOptions options)
        {
            var certificate = new FileInfo(options.CertificatePath!);
            var key = options.KeyPath is null ? null : new FileInfo(options.KeyPath);
            return new FilesVersion(
                certificate.LastWriteTimeUtc,
                certificate.Exists ? certificate.Length : -1,
                key?.LastWriteTimeUtc ?? default,
                key is { Exists: true } ? key.Length : -1);
        }
    }

    [LoggerMessage(60, LogLevel.Information, "TLS certificate {Subject} ({Thumbprint}), valid until {NotAfter:u}.", EventName = "TlsCertificateLoaded")]
    private static partial void LogLoaded(ILogger logger, string subject, string thumbprint, DateTime notAfter);

    [LoggerMessage(61, LogLevel.Information, "TLS certificate files changed: new connections now get {Subject} ({Thumbprint}), valid until {NotAfter:u}.", EventName = "TlsCertificateReloaded")]
    private static partial void LogReloaded(ILogger logger, string subject, string thumbprint, DateTime notAfter);

    [LoggerMessage(62, LogLevel.Error, "TLS certificate {Path} changed but could not be loaded; the previous certificate stays in use.", EventName = "TlsCertificateReloadFailed")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception, string? path);
}
