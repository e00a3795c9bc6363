namespace CryptoSignalTracker.Core.Ports;

/// <summary>A Telegram message that carries a signal's alert.</summary>
/// <param name="SignalId">The signal's deterministic id.</param>
/// <param name="ChatId">Telegram chat the alert went to.</param>
/// <param name="MessageId">Telegram message id within that chat (what an exit edits).</param>
/// <param name="SentAtMs">When it was sent (Unix ms UTC).</param>
public sealed record AlertDelivery(string SignalId, long ChatId, long MessageId, long SentAtMs);
