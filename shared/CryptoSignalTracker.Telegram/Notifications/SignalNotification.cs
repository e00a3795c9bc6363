using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Telegram.Notifications;

/// <summary>One trade-signals event as the notifier sees it: an entry signal (with the macro bias it carried) or an exit.</summary>
public sealed record SignalNotification
{
    private SignalNotification(Signal? entry, ClosedTrade? exit, MacroBias? bias)
    {
        Entry = entry;
        Exit = exit;
        Bias = bias;
    }

    /// <summary>The entry signal, or null for an exit.</summary>
    public Signal? Entry { get; }

    /// <summary>The closed trade, or null for an entry.</summary>
    public ClosedTrade? Exit { get; }

    /// <summary>The macro bias valid when the entry was decided, or null (entries only).</summary>
    public MacroBias? Bias { get; }

    /// <summary>The signal id the event is about.</summary>
    public string SignalId => Entry?.Id ?? Exit!.SignalId;

    /// <summary>An entry event.</summary>
    public static SignalNotification ForEntry(Signal signal, MacroBias? bias = null) =>
        new(signal ?? throw new ArgumentNullException(nameof(signal)), null, bias);

    /// <summary>An exit event.</summary>
    public static SignalNotification ForExit(ClosedTrade trade) =>
        new(null, trade ?? throw new ArgumentNullException(nameof(trade)), null);
}
