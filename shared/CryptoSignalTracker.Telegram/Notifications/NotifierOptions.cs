namespace CryptoSignalTracker.Telegram.Notifications;

/// <summary>Who gets alerts and how delivery claims behave.</summary>
public sealed class NotifierOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Telegram:Notifier";

    /// <summary>
    /// Chats that always get alerts in addition to the allow-list (the original's <c>TELEGRAM_CHAT_ID</c>). Default none.
    /// </summary>
    public IReadOnlyList<long> AlertChatIds { get; set; } = [];

    /// <summary>
    /// How long a delivery claim keeps other instances away while its holder sends. Must exceed the longest queue
    /// wait plus the request timeout; an instance never starts a send later than a request timeout before it ends.
    /// Default 5 min.
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Extra time after a lease ends before another instance takes over (clock skew between instances). Default 30 s.</summary>
    public TimeSpan TakeoverGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Delivery attempts per (signal, chat) before giving up for good (dead-letter). Default 10.</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (Lease < TimeSpan.FromSeconds(30) || Lease > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"notifier lease {Lease} is out of range (30 s..1 h)", nameof(Lease));
        }

        if (TakeoverGrace < TimeSpan.Zero || TakeoverGrace > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentException($"notifier takeover grace {TakeoverGrace} is out of range (0..10 min)", nameof(TakeoverGrace));
        }

        if (MaxAttempts is < 1 or > 100)
        {
            throw new ArgumentException($"notifier max attempts {MaxAttempts} is out of range (1..100)", nameof(MaxAttempts));
        }

        ArgumentNullException.ThrowIfNull(AlertChatIds, nameof(AlertChatIds));
        if (AlertChatIds.Contains(0))
        {
            throw new ArgumentException("alert chat id 0 is not a Telegram chat", nameof(AlertChatIds));
        }
    }
}
