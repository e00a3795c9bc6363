using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Telegram.State;

/// <summary>A signal the notifier alerted, with the exact entry text sent (what an exit edit extends).</summary>
/// <param name="Signal">The signal.</param>
/// <param name="Bias">The macro bias the event carried, or null.</param>
/// <param name="EntryHtml">The entry alert text sent to every chat.</param>
public sealed record StoredSignal(Signal Signal, MacroBias? Bias, string EntryHtml);
