namespace CryptoSignalTracker.Google.Connection;

/// <summary>
/// Deadline and retry settings for unary Google calls made through <see cref="GoogleRpcCaller"/>.
/// Every member states its default and unit; <see cref="Validate"/> runs when a caller is built.
/// </summary>
public sealed class GoogleCallSettings
{
    /// <summary>Default for <see cref="AttemptTimeout"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Default for <see cref="InitialBackoff"/>: 100 milliseconds.</summary>
    public static readonly TimeSpan DefaultInitialBackoff = TimeSpan.FromMilliseconds(100);

    /// <summary>Default for <see cref="MaxBackoff"/>: 60 seconds.</summary>
    public static readonly TimeSpan DefaultMaxBackoff = TimeSpan.FromSeconds(60);

    /// <summary>Default for <see cref="MaxAttempts"/>: 5 attempts (the first call plus 4 retries).</summary>
    public const int DefaultMaxAttempts = 5;

    /// <summary>Default settings.</summary>
    public static GoogleCallSettings Default { get; } = new();

    /// <summary>Deadline of each single attempt, measured from when the attempt starts. Default 30 s.</summary>
    public TimeSpan AttemptTimeout { get; init; } = DefaultAttemptTimeout;

    /// <summary>Delay before the first retry; later delays grow exponentially (×2) with jitter. Default 100 ms.</summary>
    public TimeSpan InitialBackoff { get; init; } = DefaultInitialBackoff;

    /// <summary>Upper bound of any single retry delay. Default 60 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = DefaultMaxBackoff;

    /// <summary>Total attempts including the first; 1 disables retries. Default 5.</summary>
    public int MaxAttempts { get; init; } = DefaultMaxAttempts;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid member.</summary>
    public void Validate()
    {
        if (AttemptTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(AttemptTimeout)} must be positive, was {AttemptTimeout}.", nameof(AttemptTimeout));
        }

        if (InitialBackoff <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(InitialBackoff)} must be positive, was {InitialBackoff}.", nameof(InitialBackoff));
        }

        if (MaxBackoff < InitialBackoff)
        {
            throw new ArgumentException($"{nameof(MaxBackoff)} ({MaxBackoff}) must be at least {nameof(InitialBackoff)} ({InitialBackoff}).", nameof(MaxBackoff));
        }

        if (MaxAttempts < 1)
        {
            throw new ArgumentException($"{nameof(MaxAttempts)} must be at least 1, was {MaxAttempts}.", nameof(MaxAttempts));
        }
    }
}
