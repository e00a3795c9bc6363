using CryptoSignalTracker.Core.Aggregation;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Strategy;
using ScottPlot;
using ScottPlot.Plottables;

namespace CryptoSignalTracker.Charts.Tests;

/// <summary>
/// What the candle chart draws, checked on its model and plottables (not pixels): the strategy's RSI thresholds, the candle
/// cap, SWING signals on 5-minute candles with the entry at the trigger candle's close.
/// </summary>
public sealed class ChartModelTests
{
    private static readonly Lazy<BacktestResult> _backtest = new(() => Backtester.Run([new SymbolSeries("BTCUSDT", RealCandles.Btc)], new TradingConfig()));

    private static CandleChartRequest Window(string from, string to, params SignalOverlay[] signals) => new("BTCUSDT", RealCandles.Btc)
    {
        FromMs = RealCandles.Ms(from),
        ToMs = RealCandles.Ms(to),
        Signals = signals,
    };

    private static double[] Guides(Plot plot) => plot.GetPlottables().OfType<HorizontalLine>().Select(l => l.Y).Order().ToArray();

    [Fact]
    public void RsiPlot_DefaultOptions_GuidesAreTheChampionThresholdsNot30And70()
    {
        var frame = new CandleChartRenderer().Plan(Window("2025-06-23T21:00:00Z", "2025-06-23T22:59:00Z"));

        using var rsi = CandleChartRenderer.RsiPlot(frame, [], string.Empty, 60);

        Assert.Equal([new ChampionOptions().Oversold, new ChampionOptions().Overbought], Guides(rsi));
        Assert.Equal([25.0, 75.0], Guides(rsi));
    }

    [Fact]
    public void RsiPlot_StrategyWithOwnThresholdsPerSymbol_DrawsTheSymbolsThresholdsAndPeriod()
    {
        var strategy = new StrategySettings
        {
            Defaults = new ChampionOptions { Oversold = 20, Overbought = 80 },
            PerSymbol = new Dictionary<string, ChampionOptions> { ["BTCUSDT"] = new() { RsiPeriod = 9, Oversold = 18, Overbought = 83 } },
        };
        var renderer = new CandleChartRenderer(new CandleChartOptions { Strategy = strategy });

        var frame = renderer.Plan(Window("2025-06-23T21:00:00Z", "2025-06-23T22:59:00Z"));
        using var rsi = CandleChartRenderer.RsiPlot(frame, [], string.Empty, 60);

        Assert.Equal([18.0, 83.0], Guides(rsi));
        Assert.Equal(9, frame.RsiPeriod);
        var expected = new Core.Indicators.Rsi(9);
        var last = double.NaN;
        foreach (var c in RealCandles.Btc.Where(c => c.OpenTimeMs <= frame.ToMs))
        {
            last = expected.Update(c.OpenTimeMs, c.Close);
        }

        Assert.Equal(last, frame.Rsi[^1], 9);
        Assert.True(Png.HasSignature(renderer.Render(Window("2025-06-23T21:00:00Z", "2025-06-23T22:59:00Z"))));
    }

    [Fact]
    public void Plan_SevenHourTrade_ResampledTo5mWithinTheCapAndTitleSaysSo()
    {
        var renderer = new CandleChartRenderer();
        var request = Window("2025-06-23T16:00:00Z", "2025-06-23T22:59:00Z", RealCandles.RallyLong());

        var frame = renderer.Plan(request);

        Assert.Equal(5 * 60_000, frame.IntervalMs);
        Assert.Equal(84, frame.Count);
        Assert.True(frame.Count <= renderer.Options.MaxCandles);
        Assert.Equal("BTCUSDT · 5m", renderer.Title(frame, "BTCUSDT"));

        // the candles are those of the one resampler the backtester uses
        var expected = CandleResampler.Resample(RealCandles.Btc.Where(c => c.OpenTimeMs <= request.ToMs).ToArray(), Interval.OneMinute, new Interval(5));
        Assert.Equal(expected.Where(c => c.OpenTimeMs >= frame.FromMs), frame.Candles.Skip(frame.First).Take(frame.Count));
    }

    [Theory]
    [InlineData("2025-06-23T21:00:00Z", 60_000, 120)]
    [InlineData("2025-06-22T23:00:00Z", 15 * 60_000, 96)]
    [InlineData("2025-06-13T23:00:00Z", 60 * 60 * 1000, 240)]
    public void Plan_WindowLengths_ShortestIntervalWithinTheCap(string from, long intervalMs, int count)
    {
        var renderer = new CandleChartRenderer(new CandleChartOptions { MaxCandles = 240 });

        var frame = renderer.Plan(Window(from, "2025-06-23T22:59:00Z"));

        Assert.Equal(intervalMs, frame.IntervalMs);
        Assert.Equal(count, frame.Count);
    }

    [Fact]
    public void Plan_RealSwingSignal_DrawnOn5mCandlesWithEntryLineFromTheTriggerCandlesClose()
    {
        var signal = _backtest.Value.Signals.First(s => s.Kind == SignalKind.Swing);
        var trade = _backtest.Value.Trades.FirstOrDefault(t => t.SignalId == signal.Id);
        var overlay = SignalOverlay.From(signal, trade);
        var renderer = new CandleChartRenderer();
        var request = new CandleChartRequest("BTCUSDT", RealCandles.Btc) { FromMs = signal.TimeMs - (60 * 60_000), ToMs = signal.TimeMs + (30 * 60_000), Signals = [overlay] };

        var frame = renderer.Plan(request);

        Assert.Equal(5 * 60_000, frame.IntervalMs);
        var trigger = frame.Candles[frame.IndexAt(signal.TimeMs)];
        Assert.Equal(signal.TimeMs, trigger.OpenTimeMs);
        Assert.Equal(trigger.Close, signal.Entry);

        // the candle is drawn centred on its open time, 0.7 of the interval wide: its close is its right edge
        var rightEdge = trigger.OpenTimeMs + (frame.IntervalMs / 2);
        using var price = CandleChartRenderer.PricePlot(frame, [], 60, new ScottPlot.TickGenerators.NumericManual());
        var entryLine = price.GetPlottables().OfType<LinePlot>().Single(l => l.Start.Y == signal.Entry && l.End.Y == signal.Entry);
        Assert.Equal(Ox(rightEdge), entryLine.Start.X, 9);
        var marker = price.GetPlottables().OfType<Marker>().First();
        Assert.Equal(Ox(trigger.OpenTimeMs), marker.Location.X, 9);
    }

    [Fact]
    public void Plan_MicroSignal_StaysOn1mCandlesWithEntryAtTheTriggerCandlesClose()
    {
        var signal = _backtest.Value.Signals.First(s => s.Kind == SignalKind.Micro);
        var renderer = new CandleChartRenderer();
        var request = new CandleChartRequest("BTCUSDT", RealCandles.Btc) { FromMs = signal.TimeMs - (60 * 60_000), ToMs = signal.TimeMs + (30 * 60_000), Signals = [SignalOverlay.From(signal)] };

        var frame = renderer.Plan(request);

        Assert.Equal(60_000, frame.IntervalMs);
        Assert.Equal(frame.Candles[frame.IndexAt(signal.TimeMs)].Close, signal.Entry);
        Assert.Equal(Ox(signal.TimeMs + 30_000), frame.EntryX(SignalOverlay.From(signal)), 9);
    }

    [Fact]
    public void TagTexts_RealAdaSignalLevels_WrittenWithTheTickSizesFourDecimals()
    {
        // the shared real ADAUSDT month (tick 0.0001): the old chart text gave 5 decimals below 1 (0.56123)
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir.FullName, "CryptoSignalTracker.sln")))
        {
            dir = dir.Parent!;
        }

        var ada = Core.Data.CandleCsvReader.ReadFile(Path.Combine(dir.FullName, "..", "shared", "data", "candles", "bybit_linear_ADAUSDT_1m_2025-05-30_2025-06-29.csv"));
        var trigger = ada[5000];
        var entry = trigger.Close;
        var overlay = new SignalOverlay(trigger.OpenTimeMs, Direction.Long, entry, entry * 0.993, entry * 1.015);
        var request = new CandleChartRequest("ADAUSDT", ada) { FromMs = trigger.OpenTimeMs - (60 * 60_000), ToMs = trigger.OpenTimeMs + (30 * 60_000), Signals = [overlay] };

        var frame = new CandleChartRenderer().Plan(request);

        var expected = new[] { entry * 1.015, entry, entry * 0.993 }
            .Select(p => Math.Round((decimal)p, 4, MidpointRounding.AwayFromZero).ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
        Assert.Equal([$"TP {expected[0]}", $"Entry {expected[1]}", $"SL {expected[2]}"], CandleChartRenderer.TagTexts(frame));
    }

    private static double Ox(long unixMs) => DateTime.UnixEpoch.AddMilliseconds(unixMs).ToOADate();
}
