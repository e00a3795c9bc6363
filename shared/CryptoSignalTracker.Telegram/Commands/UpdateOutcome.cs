namespace CryptoSignalTracker.Telegram.Commands;

/// <summary>What the command handler did with an update (the webhook answers 200 in every case).</summary>
public enum UpdateOutcome
{
    /// <summary>A command or button press was answered.</summary>
    Handled = 1,

    /// <summary>Nothing to do (not a command, another bot's command, a duplicate update, an unsupported update type).</summary>
    Ignored = 2,

    /// <summary>The sender is not on the allow-list (or not an owner for an owner command); told to ask for an invite.</summary>
    Unauthorized = 3,

    /// <summary>The update was malformed (e.g. no chat or sender); logged.</summary>
    Malformed = 4,

    /// <summary>Handling failed (store or Telegram unavailable); logged, the user can try again.</summary>
    Failed = 5,
}
