using System.Net;

namespace CryptoSignalTracker.Hosting;

/// <summary>What <see cref="FunctionHost.Build"/> serves and where.</summary>
public sealed class FunctionHostSettings
{
    /// <summary>Default <see cref="Port"/>: 8080 (Cloud Run's default <c>PORT</c>).</summary>
    public const int DefaultPort = 8080;

    /// <summary>
    /// Default <see cref="MaxBodyBytes"/>: 15 MiB (15,728,640 bytes), the largest legal Pub/Sub push envelope rounded up.
    /// A message's data may be 10 MiB (10,485,760 bytes); the push envelope carries it as base64, 4 characters per 3 bytes:
    /// ceil(10,485,760 / 3) × 4 = 13,981,016 bytes. Up to 100 attributes of a 256-byte key and a 1,024-byte value add
    /// 128,000 bytes, 768,000 when every byte is a JSON escape (\u00XX, 6 characters); the message id, publish time,
    /// ordering key and subscription name add under 16 KiB. 13,981,016 + 768,000 + 16,384 = 14,765,400 ≤ 15,728,640.
    /// (The previous 10 MiB cap refused an 8.9 MB message, whose envelope is 11.85 MB.)
    /// </summary>
    public const long DefaultMaxBodyBytes = 15L * 1024 * 1024;

    /// <summary>A body larger than this (or of unknown length) counts as large for <see cref="HostingOptions.MaxConcurrentLargeBodies"/>: 1 MiB.</summary>
    public const long LargeBodyBytes = 1024 * 1024;

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

    /// <summary>Largest accepted event body. Default <see cref="DefaultMaxBodyBytes"/> (15 MiB).</summary>
    public long MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>Command-line arguments passed to the configuration. Default none.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Extra services (tests replace dependencies here); runs after the startups.</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Extra logging set-up (tests add a memory logger here); runs after the startups.</summary>
    public Action<Microsoft.Extensions.Logging.ILoggingBuilder>? ConfigureLogging { get; init; }
}
