namespace CryptoSignalTracker.Telegram.Notifications;

/// <summary>What handling one event did, per chat.</summary>
/// <param name="SignalId">The signal.</param>
/// <param name="Sent">New alerts sent.</param>
/// <param name="AlreadyDelivered">Chats that had the alert already (duplicate delivery).</param>
/// <param name="Edited">Alerts edited to show the exit (including "not modified").</param>
/// <param name="Skipped">Chats skipped: muted the symbol or blocked the bot.</param>
/// <param name="Failed">Chats that will never get it (blocked now, gone, rejected, attempts used up).</param>
public sealed record NotificationReport(string SignalId, int Sent, int AlreadyDelivered, int Edited, int Skipped, int Failed);
