using System.Globalization;

namespace Parley.Server.Tests.TestUtils;

/// <summary>
/// Debian's nginx in front of Parley nodes as users deploy it: WebSocket proxying, no sticky sessions, and
/// <c>least_conn</c>, so long-lived signaling sockets spread over the nodes. A node that refuses connections is
/// skipped (nginx's default <c>proxy_next_upstream error</c>).
/// </summary>
public sealed class NginxLoadBalancer : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/nginx";

    private readonly string _directory;
    private readonly ExternalTool _process;

    private NginxLoadBalancer(string directory, ExternalTool process, Uri address)
    {
        _directory = directory;
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<NginxLoadBalancer> StartAsync(params int[] nodePorts)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: eng/test.sh installs Debian's nginx.");
        var directory = Directory.CreateTempSubdirectory("parley-nginx-").FullName;
        int port = FreePort.Tcp();
        var servers = string.Concat(nodePorts.Select(p => $"    server 127.0.0.1:{p.ToString(CultureInfo.InvariantCulture)} max_fails=1 fail_timeout=60s;\n"));
        var configuration = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(configuration, $$"""
            daemon off;
            user root;
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path {{directory}}/client-body;
              proxy_temp_path {{directory}}/proxy;
              fastcgi_temp_path {{directory}}/fastcgi;
              uwsgi_temp_path {{directory}}/uwsgi;
              scgi_temp_path {{directory}}/scgi;
              map $http_upgrade $connection_upgrade { default upgrade; '' close; }
              upstream parley {
                least_conn;
            {{servers}}  }
              server {
                listen 127.0.0.1:{{port.ToString(CultureInfo.InvariantCulture)}};
                location / {
                  proxy_pass http://parley;
                  proxy_http_version 1.1;
                  proxy_set_header Upgrade $http_upgrade;
                  proxy_set_header Connection $connection_upgrade;
                  proxy_set_header Host $http_host;
                  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                  proxy_connect_timeout 2s;
                  proxy_read_timeout 1h;
                }
              }
            }
            """);
        var process = ExternalTool.Start(Executable, "-p", directory, "-c", configuration);
        var balancer = new NginxLoadBalancer(directory, process, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            Assert.False(process.HasExited, $"nginx exited at start:\n{process.Output}\n{ErrorLog(directory)}");
            try
            {
                using var response = await http.GetAsync(new Uri(balancer.Address, "/healthz"));
                if (response.IsSuccessStatusCode)
                {
                    return balancer;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"nginx did not answer within 20 s:\n{process.Output}\n{ErrorLog(directory)}");
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static string ErrorLog(string directory)
    {
        var path = Path.Combine(directory, "error.log");
        return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }
}
