using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Tests.Backtesting;

/// <summary><see cref="TradingEngine.PeekForming"/> on the bundled real BTC and SOL minutes.</summary>
public sealed class PeekFormingTests
{
    private const long MinuteMs = 60_000;
    private const long FifteenSecondsMs = 15_000;

    /// <summary>The two series merged as the backtester merges them: by time, then symbol in ordinal order.</summary>
    private static List<(string Symbol, Candle Candle)> Timeline() =>
        [.. RealData.BtcAndSol
            .SelectMany(s => s.Candles.Select(c => (s.Symbol, Candle: c)))
            .OrderBy(x => x.Candle.OpenTimeMs).ThenBy(x => x.Symbol, StringComparer.Ordinal)];

    private static Candle FirstQuarter(in Candle c)
    {
        var close = (c.Open + c.Close) / 2;
        return new Candle(c.OpenTimeMs, c.Open, Math.Max(c.Open, close), Math.Min(c.Open, close), close, c.Volume / 4);
    }

    [Fact]
    public void PeekForming_BeforeEveryCandle_LeavesSignalsAndExitsUnchanged()
    {
        var plain = new TradingEngine(new TradingConfig());
        var peeking = new TradingEngine(new TradingConfig());
        var (expected, actual) = (new Recorder(), new Recorder());
        var forming = new List<Signal>();

        foreach (var (symbol, candle) in Timeline())
        {
            plain.OnCandle(symbol, candle, expected);
            var state = peeking.Symbol(symbol);
            foreach (var partial in new[] { FirstQuarter(candle), candle })
            {
                if (peeking.PeekForming(state, partial, candle.OpenTimeMs + FifteenSecondsMs) is { } signal)
                {
                    forming.Add(signal);
                }
            }

            peeking.OnCandle(state, candle, actual);
        }

        Assert.True(expected.Signals.Count >= 5, $"only {expected.Signals.Count} signals: the comparison would prove little");
        Assert.Equal(expected.Signals, actual.Signals);
        Assert.Equal(expected.Exits, actual.Exits);
        Assert.Equal(expected.Skipped, actual.Skipped);
        Assert.DoesNotContain(peeking.Portfolio.Open, p => p.SignalId.EndsWith(TradingEngine.FormingIdSuffix, StringComparison.Ordinal));
        Assert.NotEmpty(forming);
        Assert.All(forming, s =>
        {
            Assert.True(s.Forming);
            Assert.Equal(SignalKind.Micro, s.Kind);
            Assert.Equal(Signal.MakeId(s.Symbol, s.TimeMs, ChampionStrategy.StrategyId) + "-forming", s.Id);
            Assert.True(s.Quantity > 0);
        });
    }

    [Fact]
    public void PeekForming_OnTheClosedCandleItself_ForeseesTheClosedSignal()
    {
        var engine = new TradingEngine(new TradingConfig());
        var recorder = new Recorder();
        var compared = 0;

        foreach (var (symbol, candle) in Timeline())
        {
            var state = engine.Symbol(symbol);
            var peeked = engine.PeekForming(state, candle, candle.OpenTimeMs + MinuteMs);
            var (signals, exits) = (recorder.Signals.Count, recorder.Exits.Count);
            engine.OnCandle(state, candle, recorder);

            // Exits on this candle change equity (and so the size) before the closed decision; compare the others.
            if (recorder.Signals.Count > signals && recorder.Exits.Count == exits && recorder.Signals[^1] is { Kind: SignalKind.Micro } closed)
            {
                var early = Assert.IsType<Signal>(peeked);
                Assert.Equal(closed.Id + TradingEngine.FormingIdSuffix, early.Id);
                Assert.Equal((closed.Side, closed.Entry, closed.StopLoss, closed.TakeProfit, closed.Quantity, closed.Confidence), (early.Side, early.Entry, early.StopLoss, early.TakeProfit, early.Quantity, early.Confidence));
                Assert.StartsWith(closed.Reason, early.Reason, StringComparison.Ordinal);
                Assert.Contains("forming candle as of", early.Reason, StringComparison.Ordinal);
                Assert.False(closed.Forming);
                compared++;
            }
        }

        Assert.True(compared >= 3, $"only {compared} closed signals compared");
    }

    [Fact]
    public void PeekForming_OpenPositionOnTheSymbol_GivesNoSignal()
    {
        var engine = new TradingEngine(new TradingConfig());
        var recorder = new Recorder();

        foreach (var (symbol, candle) in Timeline())
        {
            var state = engine.Symbol(symbol);
            var nowMs = candle.OpenTimeMs + FifteenSecondsMs;
            if (!engine.Portfolio.HasOpen(symbol, SignalKind.Micro) && engine.PeekForming(state, candle, nowMs) is { } early)
            {
                var intent = new EntryIntent(early.Side, early.Entry, early.StopLoss, early.TakeProfit, early.Confidence, "held");
                Assert.True(engine.Portfolio.TryOpen("held", symbol, SignalKind.Micro, intent, nowMs).Accepted);

                Assert.Null(engine.PeekForming(state, candle, nowMs));
                return;
            }

            engine.OnCandle(state, candle, recorder);
        }

        Assert.Fail("no forming signal on a symbol without an open position in the whole series");
    }

    [Fact]
    public void PeekForming_NoSymbolState_ThrowsArgumentNull()
    {
        var engine = new TradingEngine(new TradingConfig());

        Assert.Throws<ArgumentNullException>(() => engine.PeekForming(null!, Candle.Flat(0, 1), 0));
    }

    private sealed class Recorder : IEngineListener
    {
        public List<Signal> Signals { get; } = [];

        public List<ClosedTrade> Exits { get; } = [];

        public List<SkippedSignal> Skipped { get; } = [];

        public void OnSignal(Signal signal) => Signals.Add(signal);

        public void OnSkipped(SkippedSignal skipped) => Skipped.Add(skipped);

        public void OnExit(ClosedTrade trade) => Exits.Add(trade);

        public void OnBias(MacroBias bias)
        {
        }
    }
}
