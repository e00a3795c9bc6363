namespace CryptoSignalTracker.Telegram.State;

/// <summary>What kind of chat an allow-listed chat is.</summary>
public enum ChatKind
{
    /// <summary>A one-to-one chat with a verified user (chat id = user id).</summary>
    Private = 1,

    /// <summary>A group or supergroup the owner allowed (negative chat id).</summary>
    Group = 2,
}
