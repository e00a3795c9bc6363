namespace CryptoSignalTracker.Core.Ports;

/// <summary>
/// Which Telegram messages carry the alert of each signal, so that the exit can edit them in place.
/// One record per (signal, chat); recording the same pair again keeps the first record.
/// </summary>
public interface IAlertLog
{
    /// <summary>Records <paramref name="delivery"/>. True when new, false when the (signal, chat) pair was already recorded.</summary>
    Task<bool> RecordAsync(AlertDelivery delivery, CancellationToken cancellationToken = default);

    /// <summary>Every recorded delivery of <paramref name="signalId"/>, ordered by chat id.</summary>
    Task<IReadOnlyList<AlertDelivery>> ListAsync(string signalId, CancellationToken cancellationToken = default);
}
