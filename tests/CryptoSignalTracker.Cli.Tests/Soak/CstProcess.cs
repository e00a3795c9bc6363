using System.Diagnostics;
using System.Text;

namespace CryptoSignalTracker.Cli.Tests.Soak;

/// <summary>A <c>cst</c> process started as a user starts it (<c>dotnet cst.dll …</c>, no Telegram token), its output kept.</summary>
internal sealed class CstProcess : IDisposable
{
    private readonly StringBuilder _output = new();

    private CstProcess(Process process) => Process = process;

    public Process Process { get; }

    /// <summary>When it was started (UTC).</summary>
    public DateTime StartedUtc { get; } = DateTime.UtcNow;

    /// <summary>Everything it printed so far (stdout and stderr).</summary>
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

    /// <summary>The built <c>cst.dll</c> of the configuration these tests were built in.</summary>
    public static string Dll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CryptoSignalTracker.sln")))
        {
            dir = dir.Parent;
        }

        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = dir is null ? "cst.dll" : Path.Combine(dir.FullName, "tools", "Cst", "bin", configuration, "net10.0", "cst.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: build the solution first", path);
    }

    public static CstProcess Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(Dll());
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("TELEGRAM_BOT_TOKEN");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var cst = new CstProcess(Process.Start(info)!);
        cst.Process.OutputDataReceived += (_, e) => cst.Append(e.Data);
        cst.Process.ErrorDataReceived += (_, e) => cst.Append(e.Data);
        cst.Process.BeginOutputReadLine();
        cst.Process.BeginErrorReadLine();
        return cst;
    }

    /// <summary>Sends <paramref name="signal"/> (INT, TERM, KILL) and waits for the exit; returns the exit code.</summary>
    public async Task<int> SignalAsync(string signal, TimeSpan timeout)
    {
        if (!Process.HasExited)
        {
            using var kill = Process.Start("kill", [$"-{signal}", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        using var limit = new CancellationTokenSource(timeout);
        await Process.WaitForExitAsync(limit.Token);
        Process.WaitForExit(); // the no-timeout overload also waits for the output events
        return Process.ExitCode;
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
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
