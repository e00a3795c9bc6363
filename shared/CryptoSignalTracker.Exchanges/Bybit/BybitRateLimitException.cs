namespace CryptoSignalTracker.Exchanges.Bybit;

/// <summary>
/// Bybit refused a request as too frequent (HTTP 429, retCode 10006 or 10429). The caller waits and retries:
/// until <see cref="ResetAtMs"/> when Bybit sent <c>X-Bapi-Limit-Reset-Timestamp</c>, else <see cref="RetryAfter"/>, else its own backoff.
/// </summary>
public sealed class BybitRateLimitException : HttpRequestException
{
    /// <summary>Creates the exception.</summary>
    public BybitRateLimitException(string message, long? resetAtMs, Exception? inner = null)
        : base(message, inner, System.Net.HttpStatusCode.TooManyRequests)
    {
        ResetAtMs = resetAtMs;
    }

    /// <summary>When the limit window resets (Unix ms), from the <c>X-Bapi-Limit-Reset-Timestamp</c> header; null if absent.</summary>
    public long? ResetAtMs { get; }

    /// <summary>The HTTP <c>Retry-After</c> delay, if the answer carried one.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
