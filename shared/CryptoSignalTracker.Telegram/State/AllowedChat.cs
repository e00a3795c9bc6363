namespace CryptoSignalTracker.Telegram.State;

/// <summary>A chat on the allow-list: it may use the bot's commands and receives alerts.</summary>
/// <param name="ChatId">Telegram chat id.</param>
/// <param name="Kind">Private chat or group.</param>
/// <param name="AddedBy">User id of whoever added it (the verified user, or the owner who allowed the group).</param>
/// <param name="AddedAtMs">When (Unix ms UTC).</param>
public sealed record AllowedChat(long ChatId, ChatKind Kind, long AddedBy, long AddedAtMs);
