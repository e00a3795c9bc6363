using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CryptoSignalTracker.Benchmarks.Pipeline;

/// <summary>
/// One start of a built app (<c>dotnet NAME.dll</c>) the way Cloud Run starts a function: <c>PORT</c> set, the embedded
/// backend on a fresh SQLite file, the settings each function needs to start (terraform/services.tf: SYMBOLS, the
/// Telegram token, webhook secret and owners), every outside service (Bybit, Kraken, Telegram) pointed at a closed
/// local port. <see cref="WaitHealthyAsync"/> polls <c>GET /health</c> until the first 200.
/// </summary>
internal sealed class FunctionProcess : IDisposable
{
    private const int PollDelayMs = 2;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly HttpClient _client;
    private readonly string _database;
    private readonly Queue<string> _tail = new();

    private readonly long _started;

    private FunctionProcess(Process process, HttpClient client, string database, long started)
    {
        _process = process;
        _started = started;
        _client = client;
        _database = database;
    }

    /// <summary>Milliseconds from process start to the first HTTP answer of any status.</summary>
    public double FirstAnswerMs { get; private set; }

    /// <summary>Status of that first answer.</summary>
    public HttpStatusCode FirstStatus { get; private set; }

    /// <summary>Starts <paramref name="dll"/>; <paramref name="extra"/> adds or overrides environment variables.</summary>
    public static FunctionProcess Start(string dll, IReadOnlyDictionary<string, string> extra)
    {
        var port = FreePort();
        var closed = FreePort();
        var database = Path.Combine(Path.GetTempPath(), $"cst-bench-startup-{Guid.NewGuid():N}.db");
        var start = new ProcessStartInfo("dotnet", dll)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var key in new[] { "K_SERVICE", "GOOGLE_CLOUD_PROJECT", "FUNCTION_TARGET", "ASPNETCORE_URLS", "DOTNET_URLS", "PUBSUB_EMULATOR_HOST", "BIGTABLE_EMULATOR_HOST", "FIRESTORE_EMULATOR_HOST" })
        {
            start.Environment.Remove(key);
        }

        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["CST_BACKEND"] = "embedded",
            ["CST_SQLITE_PATH"] = database,
            ["SYMBOLS"] = "BTCUSDT,SOLUSDT",
            ["TELEGRAM_BOT_TOKEN"] = Telegram.NotifierBenchmarks.Token,
            ["TELEGRAM_WEBHOOK_SECRET"] = "bench-secret_0123456789",
            ["TELEGRAM_OWNER_CHAT_IDS"] = "42",
            ["Telegram__ApiBaseUrl"] = $"http://127.0.0.1:{closed}/",
            ["Bybit__Url"] = $"ws://127.0.0.1:{closed}/v5/public/linear",
            ["Bybit__RestUrl"] = $"http://127.0.0.1:{closed}",
            ["MacroEngine__KrakenUrl"] = $"http://127.0.0.1:{closed}/",
        };
        foreach (var (k, v) in extra)
        {
            env[k] = v;
        }

        foreach (var (k, v) in env)
        {
            start.Environment[k] = v;
        }

        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start dotnet {dll}");
        var fn = new FunctionProcess(process, client, database, started);
        process.OutputDataReceived += (_, e) => fn.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => fn.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return fn;
    }

    /// <summary>Polls <c>/health</c> every 2 ms until it answers 200; returns the milliseconds since the process was started.</summary>
    /// <exception cref="InvalidOperationException">The process exited or was not healthy within a minute (with its last output).</exception>
    public async Task<double> WaitHealthyAsync()
    {
        while (Stopwatch.GetElapsedTime(_started) < Deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_process.StartInfo.Arguments} exited with {_process.ExitCode}: {Tail()}");
            }

            try
            {
                using var response = await _client.GetAsync("/health");
                if (FirstAnswerMs == 0)
                {
                    FirstAnswerMs = Stopwatch.GetElapsedTime(_started).TotalMilliseconds;
                    FirstStatus = response.StatusCode;
                }

                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return Stopwatch.GetElapsedTime(_started).TotalMilliseconds;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(PollDelayMs);
        }

        throw new InvalidOperationException($"{_process.StartInfo.Arguments} not healthy within {Deadline.TotalSeconds} s: {Tail()}");
    }

    /// <summary>Resident set (VmRSS) and private memory (Private_Clean + Private_Dirty of /proc/PID/smaps_rollup), in MiB.</summary>
    public (double RssMiB, double PrivateMiB) Memory()
    {
        var pid = _process.Id.ToString(CultureInfo.InvariantCulture);
        var rss = Kilobytes(File.ReadAllLines($"/proc/{pid}/status"), "VmRSS:");
        var rollup = File.ReadAllLines($"/proc/{pid}/smaps_rollup");
        return (rss / 1024.0, (Kilobytes(rollup, "Private_Clean:") + Kilobytes(rollup, "Private_Dirty:")) / 1024.0);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
        _process.Dispose();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(_database + suffix);
        }
    }

    private static long Kilobytes(string[] lines, string key)
    {
        var line = lines.FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no {key} line in /proc");
        return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > 20)
            {
                _tail.Dequeue();
            }
        }
    }

    private string Tail()
    {
        lock (_tail)
        {
            return string.Join('\n', _tail);
        }
    }
}
