using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>
/// What a <see cref="LocalCloudRun"/> replays: <see cref="Minutes"/> real minutes from <see cref="StartMs"/> go through the
/// fake Bybit and the pipeline; the real minutes from <see cref="HistoryFromMs"/> up to <see cref="StartMs"/> are the
/// history a deployment already holds (its candles in Bigtable, the LogicEngine's checkpoint at the last of them), put
/// there before the Ingestor starts. The backtest the run is checked against covers history and window.
/// </summary>
/// <param name="HistoryFromMs">First minute of the stored history (equal to <paramref name="StartMs"/>: none).</param>
/// <param name="StartMs">First minute replayed through the pipeline.</param>
/// <param name="Minutes">Minutes replayed.</param>
public sealed record LocalCloudWindow(long HistoryFromMs, long StartMs, int Minutes)
{
    private const long FiveMinutesMs = 5 * SourceData.MinuteMs;

    /// <summary>The 30-minute MICRO window (<see cref="SourceData.SignalWindowStartMs"/>), no history.</summary>
    public static LocalCloudWindow Micro { get; } = new(SourceData.SignalWindowStartMs, SourceData.SignalWindowStartMs, SourceData.SignalWindowMinutes);

    /// <summary>
    /// A window deciding a SWING: the stored history from <see cref="SourceData.StartMs"/> (80 hours and more, enough for
    /// the 4-hour EMA(20)), then the shortest window that starts on a 5-minute boundary with no position open and holds a
    /// SWING entry and its exit (not END) of the backtest of the 100 hours from there, with the default configuration.
    /// </summary>
    public static LocalCloudWindow Swing { get; } = FindSwing();

    /// <summary>First minute after the window.</summary>
    public long EndMs => StartMs + (Minutes * SourceData.MinuteMs);

    /// <summary>The window's source candles (what the pipeline must store), per symbol.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Candle>> Candles() =>
        SourceData.Symbols.ToDictionary(s => s, s => SourceData.Candles(s, StartMs, Minutes));

    /// <summary>The stored history's candles, per symbol (empty when there is none).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Candle>> History() =>
        SourceData.Symbols.ToDictionary(s => s, s => SourceData.Candles(s, HistoryFromMs, (int)((StartMs - HistoryFromMs) / SourceData.MinuteMs)));

    /// <summary><c>cst backtest</c>'s result on history and window with <paramref name="config"/>.</summary>
    public BacktestResult Backtest(TradingConfig config) => Backtester.Run(
        [.. SourceData.Symbols.Select(s => new SymbolSeries(s, SourceData.Candles(s, HistoryFromMs, (int)((EndMs - HistoryFromMs) / SourceData.MinuteMs))))], config);

    private static LocalCloudWindow FindSwing()
    {
        var historyFrom = SourceData.StartMs;
        const int searchMinutes = 100 * 60;
        var result = new LocalCloudWindow(historyFrom, historyFrom, searchMinutes).Backtest(new TradingConfig());
        LocalCloudWindow? best = null;
        foreach (var swing in result.Signals.Where(s => s.Kind == SignalKind.Swing))
        {
            if (result.Trades.FirstOrDefault(t => t.SignalId == swing.Id) is not { Reason: not ExitReason.End } exit)
            {
                continue;
            }

            // the latest 5-minute boundary at or before the SWING's 5-minute candle with every earlier position closed
            for (var start = swing.TimeMs - (swing.TimeMs % FiveMinutesMs); start > swing.TimeMs - (6 * 60 * SourceData.MinuteMs); start -= FiveMinutesMs)
            {
                if (result.Trades.All(t => t.EntryTimeMs > start || t.ExitTimeMs < start - SourceData.MinuteMs))
                {
                    // up to the exit's minute and two more (the last minute is closed by the clock frame)
                    var minutes = (int)((exit.ExitTimeMs - start) / SourceData.MinuteMs) + 3;
                    if (best is null || minutes < best.Minutes)
                    {
                        best = new LocalCloudWindow(historyFrom, start, minutes);
                    }

                    break;
                }
            }
        }

        return best ?? throw new InvalidOperationException("no SWING with an exit in the 100 hours of sample data");
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{WireNames.Time(StartMs)} + {Minutes} min after {(StartMs - HistoryFromMs) / SourceData.MinuteMs} stored minutes from {WireNames.Time(HistoryFromMs)}";
}
