namespace CryptoSignalTracker.Telegram.Local;

/// <summary>Where <see cref="LocalBot"/> sends alerts.</summary>
public enum LocalBotMode
{
    /// <summary>No bot token: alerts are printed as plain text; no commands.</summary>
    Console = 1,

    /// <summary>A bot token and owners: alerts go to Telegram and commands are answered by long polling.</summary>
    Telegram = 2,
}
