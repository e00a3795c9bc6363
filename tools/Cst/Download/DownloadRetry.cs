namespace CryptoSignalTracker.Cli.Download;

/// <summary>How <see cref="KlineDownloader"/> waits and retries a failed page (rate limits, dropped connections, 5xx).</summary>
internal sealed record DownloadRetry
{
    /// <summary>Default attempts per page, the first included.</summary>
    public const int DefaultMaxAttempts = 8;

    /// <summary>Attempts per page, the first included. Default <see cref="DefaultMaxAttempts"/>.</summary>
    public int MaxAttempts { get; init; } = DefaultMaxAttempts;

    /// <summary>First backoff when Bybit says nothing about when to come back; doubles (with jitter) per retry. Default 1 s.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest single wait, also the cap on a rate-limit reset time. Default 60 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Timeout of one HTTP request. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
