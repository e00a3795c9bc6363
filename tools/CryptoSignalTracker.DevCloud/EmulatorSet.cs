using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.DevCloud;

/// <summary>
/// The Pub/Sub, Bigtable and Firestore emulators, started with the commands of scripts/emulators.sh on free ports of
/// 127.0.0.1, each in its own process group, all three at once (the JVMs warm up in parallel); stopped by their ids.
/// </summary>
internal sealed class EmulatorSet : IAsyncDisposable
{
    private static readonly TimeSpan _probeInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan _probeTimeout = TimeSpan.FromSeconds(2);
    private readonly List<(ChildProcess Process, int Port)> _processes = [];

    private EmulatorSet()
    {
    }

    /// <summary>Where they listen.</summary>
    public EmulatorEndpoints Endpoints { get; private set; } = null!;

    /// <summary>The running emulators: name, port, process id, log.</summary>
    public IEnumerable<(string Name, int Port, int ProcessId, string LogPath)> Running => _processes.Select(p => (p.Process.Name, p.Port, p.Process.Id, p.Process.LogPath));

    /// <summary>Starts the three and waits until each answers.</summary>
    /// <exception cref="LocalCloudException">One is not installed, exited, or did not answer in time (its last output included).</exception>
    public static async Task<EmulatorSet> StartAsync(DevCloudOptions options, string logDirectory, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var sdk = await GcloudSdk.RootAsync(options.GcloudSdkRoot, options.EnvironmentReader, cancellationToken).ConfigureAwait(false);
        var pubsub = Path.Combine(sdk, "platform", "pubsub-emulator", "bin", "cloud-pubsub-emulator");
        var bigtable = Path.Combine(sdk, "platform", "bigtable-emulator", "cbtemulator");
        var firestore = Path.Combine(sdk, "platform", "cloud-firestore-emulator", "cloud_firestore_emulator");
        foreach (var (path, package) in new[] { (pubsub, "google-cloud-cli-pubsub-emulator"), (bigtable, "google-cloud-cli-bigtable-emulator"), (firestore, "google-cloud-cli-firestore-emulator") })
        {
            if (!File.Exists(path))
            {
                throw new LocalCloudException($"emulator missing at {path} (apt package {package})");
            }
        }

        var set = new EmulatorSet();
        try
        {
            var pubsubPort = FreePort.Next();
            var bigtablePort = FreePort.Next();
            var firestorePort = FreePort.Next();
            set.Launch("Pub/Sub emulator", pubsub, [$"--host=127.0.0.1", $"--port={pubsubPort}"], pubsubPort, Path.Combine(logDirectory, "pubsub-emulator.log"));
            set.Launch("Bigtable emulator", bigtable, ["-host", "127.0.0.1", "-port", $"{bigtablePort}"], bigtablePort, Path.Combine(logDirectory, "bigtable-emulator.log"));
            set.Launch("Firestore emulator", firestore, ["--host", "127.0.0.1", "--port", $"{firestorePort}"], firestorePort, Path.Combine(logDirectory, "firestore-emulator.log"));
            using var http = new HttpClient { Timeout = _probeTimeout };
            await Task.WhenAll(
                WaitAsync(set._processes[0].Process, () => HttpAnswersAsync(http, new Uri($"http://127.0.0.1:{pubsubPort}/v1/projects/cst-probe/topics"))),
                WaitAsync(set._processes[1].Process, () => TcpAcceptsAsync(bigtablePort)),
                WaitAsync(set._processes[2].Process, () => HttpAnswersAsync(http, new Uri($"http://127.0.0.1:{firestorePort}/")))).ConfigureAwait(false);
            set.Endpoints = new EmulatorEndpoints($"127.0.0.1:{pubsubPort}", $"127.0.0.1:{bigtablePort}", $"127.0.0.1:{firestorePort}");
            logger.LogInformation("Emulators up: Pub/Sub {pubsub}, Bigtable {bigtable}, Firestore {firestore}", set.Endpoints.PubSub, set.Endpoints.Bigtable, set.Endpoints.Firestore);
            return set;
        }
        catch
        {
            await set.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        async Task WaitAsync(ChildProcess process, Func<Task<bool>> probe)
        {
            var started = time.GetTimestamp();
            while (!await probe().ConfigureAwait(false))
            {
                if (process.HasExited)
                {
                    throw new LocalCloudException($"the {process.Name} exited during start-up (code {process.ExitCode}); see {process.LogPath}:{Environment.NewLine}{process.Tail()}");
                }

                if (time.GetElapsedTime(started) > options.EmulatorStartTimeout)
                {
                    throw new LocalCloudException($"the {process.Name} did not answer within {options.EmulatorStartTimeout.TotalSeconds:0} s; see {process.LogPath}:{Environment.NewLine}{process.Tail()}");
                }

                await Task.Delay(_probeInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stops each by its process group (SIGTERM, SIGKILL after 10 s).</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_processes.Select(p => p.Process.DisposeAsync().AsTask())).ConfigureAwait(false);
        _processes.Clear();
    }

    private void Launch(string name, string path, string[] arguments, int port, string logPath) =>
        _processes.Add((ChildProcess.Start(name, path, arguments, Path.GetDirectoryName(logPath)!, new Dictionary<string, string?>(), logPath), port));

    private static async Task<bool> HttpAnswersAsync(HttpClient http, Uri probe)
    {
        try
        {
            using var response = await http.GetAsync(probe).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false; // not listening yet
        }
    }

    private static async Task<bool> TcpAcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false; // not listening yet
        }
    }
}
