namespace Parley.Server.Tls;

/// <summary><c>parley cert [--out DIR] [--host NAME]... [--days N]</c>: makes a LAN certificate and says how to use and trust it.</summary>
public static class CertificateCommand
{
    public const string Name = "cert";

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        string directory = "certs";
        int days = 365;
        var hosts = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string? value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--out" when value is not null:
                    directory = value;
                    i++;
                    break;
                case "--host" when value is not null:
                    hosts.Add(value);
                    i++;
                    break;
                case "--days" when int.TryParse(value, out days) && days > 0:
                    i++;
                    break;
                default:
                    error.WriteLine($"parley cert: unexpected argument '{args[i]}'.");
                    error.WriteLine("usage: parley cert [--out DIR] [--host NAME-OR-ADDRESS]... [--days N]");
                    return 2;
            }
        }

        var covered = DevelopmentCertificate.Create(directory, hosts, TimeSpan.FromDays(days), TimeProvider.System);
        string full = Path.GetFullPath(directory);
        output.WriteLine($"Wrote {Path.Combine(full, DevelopmentCertificate.CertificateFile)} and {DevelopmentCertificate.KeyFile}, valid for: {string.Join(", ", covered)}.");
        output.WriteLine();
        output.WriteLine("Run Parley with it:");
        output.WriteLine($"  parley --urls https://0.0.0.0:8443 --Tls:CertificatePath {Path.Combine(full, DevelopmentCertificate.CertificateFile)} --Tls:KeyPath {Path.Combine(full, DevelopmentCertificate.KeyFile)}");
        output.WriteLine();
        output.WriteLine($"Trust {Path.Combine(full, DevelopmentCertificate.AuthorityFile)} once on every device that joins calls:");
        output.WriteLine("  Debian/Ubuntu: sudo cp parley-ca.crt /usr/local/share/ca-certificates/ && sudo update-ca-certificates");
        output.WriteLine("  Chrome/Chromium on Linux: certutil -d sql:$HOME/.pki/nssdb -A -t C,, -n parley -i parley-ca.crt");
        output.WriteLine("  Firefox: Settings > Privacy & Security > Certificates > View Certificates > Authorities > Import");
        output.WriteLine("  macOS: open parley-ca.crt, then mark it Always Trust in Keychain Access");
        output.WriteLine("  Windows: certutil -addstore -user Root parley-ca.crt");
        output.WriteLine("  Android/iOS: install parley-ca.crt as a CA certificate in the security settings");
        output.WriteLine($"Keep {DevelopmentCertificate.AuthorityKeyFile} private: it can sign certificates those devices will trust.");
        return 0;
    }
}
