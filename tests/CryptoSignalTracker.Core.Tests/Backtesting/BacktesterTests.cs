using System.Text;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Tests.Backtesting;

public sealed class BacktesterTests
{
    private static readonly TradingConfig Defaults = new();

    /// <summary>Open time of the 1-minute candle at whose close a signal was decided.</summary>
    private static long DecisionCandle(Signal s) => s.Kind == SignalKind.Swing ? s.TimeMs + (4 * 60_000) : s.TimeMs;

    [Fact]
    public void Run_RealCandles_FindsMicroAndSwingSignalsAndClosesEveryPosition()
    {
        var result = Backtester.Run(RealData.BtcAndSol, Defaults);

        Assert.Contains(result.Signals, s => s.Kind == SignalKind.Micro);
        Assert.Contains(result.Signals, s => s.Kind == SignalKind.Swing);
        Assert.Equal(result.Signals.Count, result.Trades.Count); // every opened position was closed (END at the latest)
        Assert.All(result.Trades, t => Assert.True(t.ExitTimeMs >= t.EntryTimeMs - 60_000));
        Assert.Equal(result.Signals.Select(s => s.Id).Distinct().Count(), result.Signals.Count);
        Assert.Equal(Defaults.Risk.InitialEquity + result.Trades.Sum(t => t.Pnl), result.Metrics.FinalEquity, 6);
    }

    [Fact]
    public void Run_TruncatedAtEachSignal_DecidesTheSameSignals()
    {
        var full = Backtester.Run(RealData.BtcAndSol, Defaults);
        var picks = full.Signals.Where((_, i) => i % Math.Max(1, full.Signals.Count / 12) == 0).Take(12).ToList();
        Assert.NotEmpty(picks);

        foreach (var signal in picks)
        {
            var cut = DecisionCandle(signal);
            var truncated = Backtester.Run(RealData.BtcAndSol, Defaults, new BacktestOptions { ToMs = cut });

            var expected = full.Signals.Where(s => DecisionCandle(s) <= cut).ToList();
            Assert.Equal(expected, truncated.Signals);
            Assert.Equal(signal, truncated.Signals.Last(s => DecisionCandle(s) == cut && s.Id == signal.Id));
        }
    }

    [Fact]
    public void Run_InputOrderOfSymbols_DoesNotChangeTheResult()
    {
        var a = Backtester.Run(RealData.BtcAndSol, Defaults, new BacktestOptions { ToMs = RealData.BtcAndSol[0].Candles[20_000].OpenTimeMs });
        var b = Backtester.Run(RealData.BtcAndSol.Reverse().ToList(), Defaults, new BacktestOptions { ToMs = RealData.BtcAndSol[0].Candles[20_000].OpenTimeMs });

        Assert.Equal(a.Signals, b.Signals);
        Assert.Equal(a.Trades, b.Trades);
    }

    [Fact]
    public void Write_SameInputTwice_GivesByteIdenticalJson()
    {
        static byte[] Json()
        {
            using var stream = new MemoryStream();
            BacktestJson.Write(Backtester.Run(RealData.BtcAndSol, Defaults), stream);
            return stream.ToArray();
        }

        var first = Json();
        Assert.Equal(first, Json());
        var text = Encoding.UTF8.GetString(first);
        Assert.Contains("\"exitReason\": \"", text, StringComparison.Ordinal);
        Assert.Contains("\"side\": \"LONG\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_From_WarmsUpButTradesOnlyAfter()
    {
        var from = RealData.BtcAndSol[0].Candles[10_000].OpenTimeMs;

        var result = Backtester.Run(RealData.BtcAndSol, Defaults, new BacktestOptions { FromMs = from });

        Assert.All(result.Signals, s => Assert.True(DecisionCandle(s) >= from));
        Assert.Equal(from, result.FirstTimeMs);
    }

    [Fact]
    public void Run_DuplicateSymbol_Throws() =>
        Assert.Throws<ArgumentException>(() => Backtester.Run([RealData.BtcAndSol[0], RealData.BtcAndSol[0]], Defaults));
}
