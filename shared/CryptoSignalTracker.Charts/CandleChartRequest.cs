using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Charts;

/// <summary>What to draw: the candles (with history before the window for the RSI warm-up), the window and the signals.</summary>
/// <param name="Symbol">Instrument, shown in the title.</param>
/// <param name="Candles">
/// Candles in strictly increasing time order. RSI is computed over all of them and only the window is shown,
/// so pass history before the window (10 × the RSI period or more gives the values the live strategy sees).
/// </param>
public sealed record CandleChartRequest(string Symbol, IReadOnlyList<Candle> Candles)
{
    /// <summary>Signals to overlay; those that do not touch the window are left out. Default none.</summary>
    public IReadOnlyList<SignalOverlay> Signals { get; init; } = [];

    /// <summary>First candle open time shown (Unix ms UTC, inclusive); null: <see cref="CandleChartOptions.Minutes"/> before <see cref="ToMs"/>.</summary>
    public long? FromMs { get; init; }

    /// <summary>Last candle open time shown (Unix ms UTC, inclusive); null: the last candle.</summary>
    public long? ToMs { get; init; }
}
