namespace CryptoSignalTracker.Telegram.State;

/// <summary>Whether a <c>/verify</c> attempt may be evaluated (see <see cref="BotState.TryCountVerifyAttemptAsync"/>).</summary>
public enum VerifyAttempt
{
    /// <summary>Counted under both limits: the code may be looked at.</summary>
    Counted = 0,

    /// <summary>The user has used up their attempts this hour.</summary>
    UserLimit = 1,

    /// <summary>The bot as a whole has used up its attempts this hour.</summary>
    GlobalLimit = 2,
}
