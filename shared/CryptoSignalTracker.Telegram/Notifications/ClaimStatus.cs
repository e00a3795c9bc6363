namespace CryptoSignalTracker.Telegram.Notifications;

/// <summary>What trying to claim a (signal, chat) delivery found.</summary>
public enum ClaimStatus
{
    /// <summary>This caller now holds the lease and must send.</summary>
    Acquired = 1,

    /// <summary>Already sent: nothing to do.</summary>
    AlreadySent = 2,

    /// <summary>Failed for good earlier (blocked, gone, rejected): nothing to do.</summary>
    AlreadyFailed = 3,

    /// <summary>Another instance holds a live lease: retry later.</summary>
    HeldElsewhere = 4,

    /// <summary>Every allowed attempt was used up: give up (dead-letter).</summary>
    Exhausted = 5,
}
