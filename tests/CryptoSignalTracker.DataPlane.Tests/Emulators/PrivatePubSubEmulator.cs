using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CryptoSignalTracker.DataPlane.Tests.Emulators;

/// <summary>
/// A Pub/Sub emulator owned by one test, on its own port, that the test can kill and start again (state is lost on
/// restart, as with a real emulator). Started from the SDK that scripts/emulators.sh found (CST_GCLOUD_SDK_ROOT);
/// stopped by its own process id, with its children.
/// </summary>
public sealed class PrivatePubSubEmulator : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _launcher;
    private readonly string _logPath;
    private Process? _process;
    private StreamWriter? _log;

    private PrivatePubSubEmulator(string launcher, int port)
    {
        _launcher = launcher;
        Port = port;
        _logPath = Path.Combine(Path.GetTempPath(), $"cst-private-pubsub-{port}.log");
    }

    /// <summary>The port it listens on (the same after a restart).</summary>
    public int Port { get; }

    /// <summary>"127.0.0.1:port".</summary>
    public string HostPort => $"127.0.0.1:{Port}";

    /// <summary>Starts an emulator on a free port and waits until it answers.</summary>
    public static async Task<PrivatePubSubEmulator> StartAsync()
    {
        var launcher = Path.Combine(EmulatorEnvironment.RequireSdkRoot(), "platform", "pubsub-emulator", "bin", "cloud-pubsub-emulator");
        if (!File.Exists(launcher))
        {
            throw new InvalidOperationException($"Pub/Sub emulator launcher not found at {launcher} (apt package google-cloud-cli-pubsub-emulator).");
        }

        var emulator = new PrivatePubSubEmulator(launcher, FreePort());
        await emulator.RestartAsync();
        return emulator;
    }

    /// <summary>Kills the emulator process (and its children) and waits for it to exit.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
        if (_log is { } log)
        {
            lock (log)
            {
                _log = null;
            }

            await log.DisposeAsync();
        }
    }

    /// <summary>Starts the emulator (again) on <see cref="Port"/> and waits until it accepts requests.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        var start = new ProcessStartInfo(_launcher)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--host=127.0.0.1");
        start.ArgumentList.Add($"--port={Port}");
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {_launcher}");
        var log = _log = new StreamWriter(_logPath, append: true) { AutoFlush = true };
        _process.OutputDataReceived += (_, e) => Write(log, e.Data);
        _process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The private Pub/Sub emulator exited during start-up (code {_process.ExitCode}); see {_logPath}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://{HostPort}/v1/projects/cst-probe/topics"));
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"The private Pub/Sub emulator on {HostPort} did not answer within {StartTimeout}; see {_logPath}.", ex);
                }

                await Task.Delay(200);
            }
        }
    }

    /// <summary>Kills the emulator and removes its log.</summary>
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        File.Delete(_logPath);
    }

    private void Write(StreamWriter log, string? line)
    {
        lock (log)
        {
            // Lines arriving after the process was killed belong to a closed log.
            if (line is not null && ReferenceEquals(_log, log))
            {
                log.WriteLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
