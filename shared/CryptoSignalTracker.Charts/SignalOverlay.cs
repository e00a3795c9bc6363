using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Charts;

/// <summary>A signal drawn on the candle chart: trigger marker, dashed entry / take-profit / stop-loss lines, optional exit.</summary>
/// <param name="TimeMs">Open time of the trigger candle (Unix ms UTC), as in <see cref="Signal.TimeMs"/>.</param>
/// <param name="Side">LONG or SHORT.</param>
/// <param name="Entry">Entry price.</param>
/// <param name="StopLoss">Stop-loss price.</param>
/// <param name="TakeProfit">Take-profit price.</param>
/// <param name="Exit">Where the position ended, when it has.</param>
public sealed record SignalOverlay(long TimeMs, Direction Side, double Entry, double StopLoss, double TakeProfit, TradeExitOverlay? Exit = null)
{
    /// <summary>
    /// MICRO (decided on a 1-minute candle) or SWING (decided on a 5-minute candle, so drawn on 5-minute candles or coarser).
    /// The entry is at the close of that candle: <see cref="TimeMs"/> + <see cref="BarMs"/>. Default MICRO.
    /// </summary>
    public SignalKind Kind { get; init; } = SignalKind.Micro;

    /// <summary>Length of the candle the signal was decided on: 5 minutes for SWING, 1 minute for MICRO.</summary>
    public long BarMs => Kind == SignalKind.Swing ? SwingBarMs : 60_000;

    /// <summary>When the position was entered: the close of the trigger candle (Unix ms UTC).</summary>
    public long EntryTimeMs => TimeMs + BarMs;

    /// <summary>The SWING (macro engine) decision interval, 5 minutes.</summary>
    internal const long SwingBarMs = 5 * 60_000;

    /// <summary>The overlay for <paramref name="signal"/>, with the exit of <paramref name="trade"/> when given.</summary>
    public static SignalOverlay From(Signal signal, ClosedTrade? trade = null)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (trade is not null && !string.Equals(trade.SignalId, signal.Id, StringComparison.Ordinal))
        {
            throw new ArgumentException($"trade {trade.SignalId} does not belong to signal {signal.Id}", nameof(trade));
        }

        var exit = trade is null ? null : new TradeExitOverlay(trade.ExitTimeMs, trade.ExitPrice, trade.Reason);
        return new SignalOverlay(signal.TimeMs, signal.Side, signal.Entry, signal.StopLoss, signal.TakeProfit, exit) { Kind = signal.Kind };
    }
}
