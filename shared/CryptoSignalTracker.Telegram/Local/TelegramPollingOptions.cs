namespace CryptoSignalTracker.Telegram.Local;

/// <summary>How <see cref="TelegramPollingService"/> long-polls <c>getUpdates</c> and backs off when it fails.</summary>
public sealed class TelegramPollingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Telegram:Polling";

    /// <summary>
    /// How long Telegram may hold one <c>getUpdates</c> call open waiting for an update (its <c>timeout</c>
    /// parameter, whole seconds). Default 25 s.
    /// </summary>
    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// Extra time the HTTP request may take beyond <see cref="PollTimeout"/> before it counts as a network failure.
    /// Default 15 s.
    /// </summary>
    public TimeSpan RequestMargin { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Updates fetched per call (Telegram accepts 1..100). Default 100.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>Update types asked for (Telegram's <c>allowed_updates</c>). Default messages and button presses.</summary>
    public IReadOnlyList<string> AllowedUpdates { get; init; } = ["message", "callback_query"];

    /// <summary>First wait after a network error, a 5xx or a conflict; it doubles on each failure in a row. Default 1 s.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between two failing calls. Default 60 s.</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest 429 <c>retry_after</c> obeyed as asked; a longer one is waited out only this long. Default 10 min.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the last <c>getUpdates</c> that confirms handled updates may take when stopping. Default 3 s.</summary>
    public TimeSpan ConfirmOnStopTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// When stopping, how long the update being handled may still take to finish (its reply is sent) before it is
    /// cancelled too. Updates not yet started are left for the next start. Default 5 s.
    /// </summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (PollTimeout < TimeSpan.FromSeconds(1) || PollTimeout > TimeSpan.FromSeconds(60) || PollTimeout.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException($"poll timeout {PollTimeout} must be whole seconds, 1..60 s", nameof(PollTimeout));
        }

        if (RequestMargin < TimeSpan.FromSeconds(1) || RequestMargin > TimeSpan.FromMinutes(2))
        {
            throw new ArgumentException($"request margin {RequestMargin} is out of range (1 s..2 min)", nameof(RequestMargin));
        }

        if (BatchSize is < 1 or > 100)
        {
            throw new ArgumentException($"batch size {BatchSize} is out of range (1..100)", nameof(BatchSize));
        }

        if (AllowedUpdates is null || AllowedUpdates.Count == 0 || AllowedUpdates.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("allowed updates must list at least one update type and no empty names", nameof(AllowedUpdates));
        }

        if (BackoffBase <= TimeSpan.Zero || BackoffMax < BackoffBase || BackoffMax > TimeSpan.FromMinutes(30))
        {
            throw new ArgumentException($"backoff base {BackoffBase} must be positive and not above the max {BackoffMax} (at most 30 min)", nameof(BackoffBase));
        }

        if (MaxRetryAfter < TimeSpan.FromSeconds(1) || MaxRetryAfter > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"max retry-after {MaxRetryAfter} is out of range (1 s..1 h)", nameof(MaxRetryAfter));
        }

        if (ConfirmOnStopTimeout < TimeSpan.Zero || ConfirmOnStopTimeout > TimeSpan.FromSeconds(30))
        {
            throw new ArgumentException($"confirm-on-stop timeout {ConfirmOnStopTimeout} is out of range (0..30 s; 0 = do not confirm)", nameof(ConfirmOnStopTimeout));
        }

        if (StopGrace < TimeSpan.Zero || StopGrace > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"stop grace {StopGrace} is out of range (0..1 min)", nameof(StopGrace));
        }
    }
}
