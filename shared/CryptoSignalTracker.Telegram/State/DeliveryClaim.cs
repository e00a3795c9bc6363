namespace CryptoSignalTracker.Telegram.State;

/// <summary>
/// One attempt to deliver a signal's alert to one chat (see <see cref="Notifications.DeliveryClaims"/>).
/// </summary>
/// <param name="SignalId">The signal.</param>
/// <param name="ChatId">The chat.</param>
/// <param name="Attempt">0 for the first attempt; a takeover creates the next number.</param>
/// <param name="Owner">Id of the notifier instance that holds it.</param>
/// <param name="State"><see cref="DeliveryClaimState"/>.</param>
/// <param name="LeaseUntilMs">While pending, nobody else may take over before this time (Unix ms UTC).</param>
/// <param name="MessageId">The sent message id when sent.</param>
/// <param name="Detail">Why it failed, when it failed (secret-free).</param>
public sealed record DeliveryClaim(
    string SignalId,
    long ChatId,
    int Attempt,
    string Owner,
    DeliveryClaimState State,
    long LeaseUntilMs,
    long MessageId = 0,
    string? Detail = null);
