using System.Diagnostics;
using System.Text;

namespace CryptoSignalTracker.Dashboard.Tests;

/// <summary>Runs the built <c>cst</c> (tools/Cst's own output, cst.dll) as a process, as a user would.</summary>
public sealed class CstProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _error = new();
    private readonly Lock _lock = new();

    private CstProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Everything it wrote to standard output so far.</summary>
    public string Out
    {
        get
        {
            lock (_lock)
            {
                return _out.ToString();
            }
        }
    }

    /// <summary>Everything it wrote to standard error so far.</summary>
    public string Error
    {
        get
        {
            lock (_lock)
            {
                return _error.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static string Dll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(RepoRoot(), "tools", "Cst", "bin", configuration, "net10.0", "cst.dll");
        Assert.True(File.Exists(path), $"{path} is missing: build the solution first");
        return path;
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CryptoSignalTracker.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return dir.FullName;
    }

    public static CstProcess Start(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.Environment.Remove("TELEGRAM_BOT_TOKEN"); // alerts printed here, never sent
        start.ArgumentList.Add(Dll());
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        var process = new Process { StartInfo = start };
        var cst = new CstProcess(process);
        process.OutputDataReceived += (_, e) => cst.Append(cst._out, e.Data);
        process.ErrorDataReceived += (_, e) => cst.Append(cst._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cst;
    }

    /// <summary>Runs <c>cst</c> to its end (at most <paramref name="timeout"/>): exit code, standard output, standard error.</summary>
    public static async Task<(int Code, string Out, string Error)> RunAsync(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        await using var cst = Start(workingDirectory, args);
        using var limit = new CancellationTokenSource(timeout);
        await cst._process.WaitForExitAsync(limit.Token);
        cst._process.WaitForExit(); // drains the output readers
        return (cst._process.ExitCode, cst.Out, cst.Error);
    }

    /// <summary>Waits until standard output holds a line starting with <paramref name="prefix"/>; returns that line.</summary>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var line = Out.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            if (line is not null)
            {
                return line.TrimEnd('\r');
            }

            if (_process.HasExited)
            {
                _process.WaitForExit();
                Assert.Fail($"cst exited ({_process.ExitCode}) before printing '{prefix}':\n{Out}\n{Error}");
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"cst printed no line starting with '{prefix}' in {timeout}:\n{Out}\n{Error}");
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the process to end on its own; its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(limit.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM (what <c>kill</c> sends) and waits for the exit; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await _process.WaitForExitAsync(limit.Token);
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(StringBuilder to, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            to.AppendLine(line);
        }
    }
}
