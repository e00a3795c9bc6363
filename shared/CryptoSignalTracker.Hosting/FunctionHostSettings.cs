using System.Net;

namespace CryptoSignalTracker.Hosting;

/// <summary>What <see cref="FunctionHost.Build"/> serves and where.</summary>
public sealed class FunctionHostSettings
{
    /// <summary>Default <see cref="Port"/>: 8080 (Cloud Run's default <c>PORT</c>).</summary>
    public const int DefaultPort = 8080;

    /// <summary>Default <see cref="MaxBodyBytes"/>: 10 MiB (Pub/Sub's message limit).</summary>
    public const long DefaultMaxBodyBytes = 10L * 1024 * 1024;

    /// <summary>The function class: implements <see cref="IHttpFunction"/> or <see cref="ICloudEventFunction{TData}"/>.</summary>
    public required Type FunctionType { get; init; }

    /// <summary>The <c>function</c> log field. Default: the function assembly's name (e.g. <c>Aggregator</c>).</summary>
    public string? FunctionName { get; init; }

    /// <summary>TCP port; 0 picks a free one. Default 8080.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Address to listen on. Default <see cref="IPAddress.Any"/> (all interfaces; Cloud Run needs it).</summary>
    public IPAddress Address { get; init; } = IPAddress.Any;

    /// <summary>JSON log lines (Cloud Logging) instead of plain ones. Default: when <c>K_SERVICE</c> is set.</summary>
    public bool JsonLogging { get; init; } = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("K_SERVICE"));

    /// <summary>Largest accepted event body. Default 10 MiB.</summary>
    public long MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>Command-line arguments passed to the configuration. Default none.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Extra services (tests replace dependencies here); runs after the startups.</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Extra logging set-up (tests add a memory logger here); runs after the startups.</summary>
    public Action<Microsoft.Extensions.Logging.ILoggingBuilder>? ConfigureLogging { get; init; }
}
