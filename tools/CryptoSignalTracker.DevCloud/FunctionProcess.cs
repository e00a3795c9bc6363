using System.Globalization;
using System.Net;

namespace CryptoSignalTracker.DevCloud;

/// <summary>
/// One function's built output run the way Cloud Run runs it: <c>dotnet NAME.dll</c> with <c>PORT</c> and its
/// Terraform environment, on 127.0.0.1:<see cref="Port"/> (the port its push subscription targets, kept across
/// restarts). Tests kill it (SIGKILL) and restart it to prove redelivery.
/// </summary>
public sealed class FunctionProcess : IAsyncDisposable
{
    /// <summary>How long a 503 from /health is re-polled before the function is listed as unhealthy.</summary>
    public static readonly TimeSpan UnhealthySettle = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan _pollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan _probeTimeout = TimeSpan.FromSeconds(5);
    private readonly string _dll;
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private readonly DevCloudOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private ChildProcess? _process;

    internal FunctionProcess(FunctionDefinition definition, int port, string dll, IReadOnlyDictionary<string, string?> environment, string logPath, DevCloudOptions options, TimeProvider time)
    {
        Definition = definition;
        Port = port;
        _dll = dll;
        _environment = environment;
        LogPath = logPath;
        _options = options;
        _time = time;
        Url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        _http = new HttpClient { BaseAddress = Url, Timeout = _probeTimeout };
    }

    /// <summary>Which function.</summary>
    public FunctionDefinition Definition { get; }

    /// <summary>Its project name.</summary>
    public string Name => Definition.Name;

    /// <summary>The port it listens on (<c>PORT</c>).</summary>
    public int Port { get; }

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Url { get; }

    /// <summary>Where its output goes.</summary>
    public string LogPath { get; }

    /// <summary>Its process id while it runs.</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>True while its process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The last /health answer: "ok", or the reason it gave (503), or null before the first.</summary>
    public string? Health { get; private set; }

    /// <summary>The environment it is started with (null = removed from the inherited one). Secrets are in here: never print the values.</summary>
    public IReadOnlyDictionary<string, string?> Environment => _environment;

    /// <summary>How many times it was started.</summary>
    public int Starts { get; private set; }

    /// <summary>The last lines of its output.</summary>
    public string Tail() => _process?.Tail() ?? string.Empty;

    /// <summary>Kills it with SIGKILL (no draining: in-flight pushes fail, Pub/Sub redelivers them) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            await process.KillAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops it with SIGTERM (it drains in-flight work), SIGKILL after the grace period. True when it stopped on SIGTERM.</summary>
    public Task<bool> StopAsync() => _process is { } process ? process.StopAsync(_options.StopGrace) : Task.FromResult(true);

    /// <summary>Starts it (again, on the same port) and waits for /health.</summary>
    /// <exception cref="LocalCloudException">It exited, or did not answer in time, or (with <see cref="DevCloudOptions.RequireHealthy"/>) answered unhealthy.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is already running (pid {ProcessId})");
        }

        if (_process is { } old)
        {
            await old.DisposeAsync().ConfigureAwait(false);
        }

        Health = null;
        _process = ChildProcess.Start(Name, DotnetHost(), [_dll], Path.GetDirectoryName(_dll)!, _environment, LogPath);
        Starts++;
        await WaitHealthyAsync(_process, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Asks /health once and keeps the answer in <see cref="Health"/>: "ok", the reason a 503 gave, "not answering", or
    /// "stopped" when its process is gone (what <c>cst dev up</c>'s live table shows every second).
    /// </summary>
    public async Task<string> ProbeHealthAsync(CancellationToken cancellationToken)
    {
        if (!IsRunning)
        {
            return Health = "stopped";
        }

        var (status, body) = await ProbeAsync(cancellationToken).ConfigureAwait(false);
        return Health = status switch
        {
            null => "not answering",
            HttpStatusCode.OK => "ok",
            _ => body.Trim().Length > 0 ? body.Trim() : $"/health answered {(int)status.Value}",
        };
    }

    /// <summary>Stops it (SIGTERM, then SIGKILL after the grace period).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }

        _http.Dispose();
    }

    private static string DotnetHost() =>
        System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private async Task WaitHealthyAsync(ChildProcess process, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        long? firstUnhealthy = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new LocalCloudException($"{Name} exited with code {process.ExitCode} during start-up; see {LogPath}:{System.Environment.NewLine}{process.Tail()}");
            }

            var (status, body) = await ProbeAsync(cancellationToken).ConfigureAwait(false);
            if (status == HttpStatusCode.OK)
            {
                Health = "ok";
                return;
            }

            if (status is not null)
            {
                Health = body.Trim().Length > 0 ? body.Trim() : $"/health answered {(int)status.Value}";
                firstUnhealthy ??= _time.GetTimestamp();
                if (!_options.RequireHealthy && _time.GetElapsedTime(firstUnhealthy.Value) >= UnhealthySettle)
                {
                    return;
                }
            }

            if (_time.GetElapsedTime(started) > _options.FunctionStartTimeout)
            {
                throw new LocalCloudException(status is null
                    ? $"{Name} did not answer on {Url}health within {_options.FunctionStartTimeout.TotalSeconds:0} s; see {LogPath}:{System.Environment.NewLine}{process.Tail()}"
                    : $"{Name} is not healthy after {_options.FunctionStartTimeout.TotalSeconds:0} s: {Health}; see {LogPath}");
            }

            await Task.Delay(_pollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(HttpStatusCode? Status, string Body)> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri("health", UriKind.Relative), cancellationToken).ConfigureAwait(false);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (HttpRequestException)
        {
            return (null, string.Empty); // not listening yet
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, string.Empty); // a slow first answer: ask again
        }
    }
}
