using System.Diagnostics;

namespace CryptoSignalTracker.DevCloud;

/// <summary>
/// A child process in a session and process group of its own (started through <c>setsid</c>, so a terminal's Ctrl+C
/// reaches only <c>cst</c>, which then stops its children in order, and so a launcher script's JVM goes with it);
/// its output goes to a log file, the last lines are kept for error messages. Stopped by its own id only.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int TailLines = 40;
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Queue<string> _tail = new();
    private readonly Lock _gate = new();
    private bool _logClosed;

    private ChildProcess(Process process, StreamWriter log, string logPath, string name)
    {
        _process = process;
        _log = log;
        LogPath = logPath;
        Name = name;
    }

    /// <summary>What it is (for messages).</summary>
    public string Name { get; }

    /// <summary>Its process id, which is also its process group id.</summary>
    public int Id => _process.Id;

    /// <summary>Where its output goes.</summary>
    public string LogPath { get; }

    /// <summary>True once it exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Its exit code (only after it exited).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/> in a new session; <paramref name="environment"/> entries with a null value are removed from the inherited environment.</summary>
    /// <exception cref="LocalCloudException">It could not be started.</exception>
    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?> environment, string logPath)
    {
        var start = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(fileName);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new LocalCloudException($"{name}: could not start {fileName}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            log.Dispose();
            throw new LocalCloudException($"{name}: could not start 'setsid {fileName}' ({ex.Message}); the local cloud needs Linux with util-linux's setsid", ex);
        }

        process.StandardInput.Close();
        var child = new ChildProcess(process, log, logPath, name);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The last lines of its output.</summary>
    public string Tail()
    {
        lock (_gate)
        {
            return string.Join(Environment.NewLine, _tail);
        }
    }

    /// <summary>Completes when it exits.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>SIGKILL to its process group, then waits for it to exit.</summary>
    public async Task KillAsync()
    {
        NativeMethods.Signal(Id, NativeMethods.SigKill, group: true);
        await _process.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <summary>SIGTERM to its process group; SIGKILL when it has not exited after <paramref name="grace"/>. True when it stopped on SIGTERM.</summary>
    public async Task<bool> StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return true;
        }

        NativeMethods.Signal(Id, NativeMethods.SigTerm, group: true);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            // The leader is gone; anything left in its group (a launcher's JVM) gets the same end.
            NativeMethods.Signal(Id, NativeMethods.SigKill, group: true);
            return true;
        }
        catch (OperationCanceledException)
        {
            await KillAsync().ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>Stops it (SIGTERM, then SIGKILL after 10 s) and closes its log.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(DevCloudOptions.DefaultStopGrace).ConfigureAwait(false);
        lock (_gate)
        {
            _logClosed = true;
            _log.Dispose();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_logClosed)
            {
                return;
            }

            _log.WriteLine(line);
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }
    }
}
