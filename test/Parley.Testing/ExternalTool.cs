using System.Diagnostics;
using System.Text;

namespace Parley.Testing;

/// <summary>Runs a program no one here wrote (coturn's turnutils, ip, nft) with a deadline, capturing what it prints.</summary>
public sealed class ExternalTool : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private ExternalTool(Process process)
    {
        _process = process;
    }

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="program"/>, which keeps running until disposed (a peer, a server).</summary>
    public static ExternalTool Start(string program, params string[] arguments)
    {
        Assert.True(File.Exists(program), $"{program} is missing: eng/test.sh installs it from Debian.");
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var tool = new ExternalTool(new Process { StartInfo = info });
        tool._process.OutputDataReceived += (_, e) => tool.Append(e.Data);
        tool._process.ErrorDataReceived += (_, e) => tool.Append(e.Data);
        tool._process.Start();
        tool._process.BeginOutputReadLine();
        tool._process.BeginErrorReadLine();
        return tool;
    }

    /// <summary>Runs <paramref name="program"/> to its end and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, string program, params string[] arguments)
    {
        await using var tool = Start(program, arguments);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await tool._process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{Path.GetFileName(program)} did not finish within {timeout.TotalSeconds} s:\n{tool.Output}");
        }

        // The parameterless wait drains the redirected output.
        await tool._process.WaitForExitAsync(CancellationToken.None);
        return (tool._process.ExitCode, tool.Output);
    }

    /// <summary>Sends the POSIX signal <paramref name="name"/> (such as <c>TERM</c>) to the program.</summary>
    public async Task SignalAsync(string name)
    {
        var (exitCode, output) = await RunAsync(TimeSpan.FromSeconds(10), "/bin/kill",
            "-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(exitCode == 0, $"kill -{name} failed: {output}");
    }

    /// <summary>Waits for the program to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{_process.StartInfo.FileName} did not finish within {timeout.TotalSeconds} s:\n{Output}");
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        return _process.ExitCode;
    }

    /// <summary>Kills the program if it still runs; safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
