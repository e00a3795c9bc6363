using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Optimization;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Tests.Backtesting;

/// <summary>
/// Grid searches record the strategy's indicator values (RSI, volume average) once per symbol (<see cref="IndicatorTape"/>)
/// and leave out the texts nobody reads (<see cref="BacktestOptions.Reasons"/> off): each such backtest must trade exactly
/// as the backtest that computes everything itself.
/// </summary>
public sealed class IndicatorTapeTests
{
    public static TheoryData<ChampionOptions, string?, string?> Cases => new()
    {
        { new ChampionOptions(), null, null },
        { new ChampionOptions { Oversold = 30, Overbought = 70, VolumeFactor = 0.1, TakeProfitPercent = 0.5, StopLossPercent = 0.3 }, "2025-06-10T00:00:00Z", null },
        { new ChampionOptions { Oversold = 20, VolumeFactor = 1.0, ExitMode = ExitMode.Atr }, null, "2025-06-15T12:00:00Z" },
        { new ChampionOptions { Oversold = 35, Overbought = 65, VolumeFactor = 1.0, RequireDivergence = true }, "2025-06-20T00:00:00Z", "2025-06-27T00:00:00Z" },
        { new ChampionOptions { RsiPeriod = 7, VolumePeriod = 50, Oversold = 30, VolumeFactor = 1.2 }, "2025-06-05T00:00:00Z", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Run_ReplayingTheRecordedIndicators_GivesTheSameBacktestByteForByte(ChampionOptions settings, string? from, string? to)
    {
        var config = GridEvaluator.WithSettings(new TradingConfig(), settings);
        var window = Window(from, to);
        var tape = IndicatorTape.Record(RealData.BtcAndSol, [settings]);
        Assert.Equal(settings.RequireDivergence, tape is null);

        var computed = Backtester.Run(RealData.BtcAndSol, config, window);
        var replayed = Backtester.Run(RealData.BtcAndSol, config, window with { IndicatorTape = tape });

        Assert.NotEmpty(computed.Trades);
        Assert.Equal(Json(computed), Json(replayed));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Run_WithoutReasons_TradesExactlyAsWithThem(ChampionOptions settings, string? from, string? to)
    {
        var config = GridEvaluator.WithSettings(new TradingConfig(), settings);
        var window = Window(from, to);
        var tapes = window with { IndicatorTape = IndicatorTape.Record(RealData.BtcAndSol, [settings]), MacroTape = MacroTape.Record(RealData.BtcAndSol, config) };

        var computed = Backtester.Run(RealData.BtcAndSol, config, window);
        var lean = Backtester.Run(RealData.BtcAndSol, config, tapes with { Reasons = false });

        Assert.NotEmpty(computed.Skipped);
        Assert.Equal(computed.Trades, lean.Trades);
        Assert.Equal(computed.Metrics with { PerSymbol = [] }, lean.Metrics with { PerSymbol = [] });
        Assert.Equal(computed.Metrics.PerSymbol, lean.Metrics.PerSymbol);
        Assert.Equal(computed.Equity, lean.Equity);
        Assert.Equal(computed.Biases, lean.Biases);
        Assert.Equal((computed.FirstTimeMs, computed.LastTimeMs), (lean.FirstTimeMs, lean.LastTimeMs));
        Assert.Equal(computed.Signals.Select(s => s.Kind == Domain.SignalKind.Micro ? s with { Reason = string.Empty } : s), lean.Signals);
        Assert.Equal(computed.Skipped.Select(s => s with { Reason = string.Empty, Setup = s.Kind == Domain.SignalKind.Micro ? string.Empty : s.Setup }), lean.Skipped);
    }

    [Fact]
    public void Run_OneTapeForAWholeGrid_GivesEachCombinationsOwnBacktestByteForByte()
    {
        var grid = new ParameterGrid().Combinations(new ChampionOptions());
        var tape = IndicatorTape.Record(RealData.BtcAndSol, grid);
        var window = Window("2025-06-12T00:00:00Z", null);

        foreach (var settings in grid.Where((_, i) => i % 41 == 0))
        {
            var config = GridEvaluator.WithSettings(new TradingConfig(), settings);

            var computed = Backtester.Run(RealData.BtcAndSol, config, window);
            var replayed = Backtester.Run(RealData.BtcAndSol, config, window with { IndicatorTape = tape });

            Assert.NotEmpty(computed.Signals);
            Assert.Equal(Json(computed), Json(replayed));
        }
    }

    [Theory]
    [InlineData(0.5, 25, 75)]
    [InlineData(1.5, 30, 75)]
    [InlineData(1.5, 25, 70)]
    public void Run_SettingsThatSeeSetUpsTheTapeLeftOut_AreRefused(double volumeFactor, double oversold, double overbought)
    {
        var tape = IndicatorTape.Record(RealData.BtcAndSol, [new ChampionOptions()]);
        var config = GridEvaluator.WithSettings(new TradingConfig(), new ChampionOptions { VolumeFactor = volumeFactor, Oversold = oversold, Overbought = overbought });

        var error = Assert.Throws<ArgumentException>(() => Backtester.Run(RealData.BtcAndSol, config, new BacktestOptions { IndicatorTape = tape }));

        Assert.Contains("volume factors from 1.5, oversold up to 25 and overbought from 75", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_TapeOfOtherCandles_IsRefusedNamingTheSymbolAndCandle()
    {
        var settings = new ChampionOptions();
        var shifted = RealData.BtcAndSol.Select(s => new SymbolSeries(s.Symbol, s.Candles.Skip(1).ToArray())).ToList();
        var tape = IndicatorTape.Record(shifted, [settings]);

        var error = Assert.Throws<InvalidOperationException>(() =>
            Backtester.Run(RealData.BtcAndSol, GridEvaluator.WithSettings(new TradingConfig(), settings), new BacktestOptions { IndicatorTape = tape }));

        Assert.Contains("BTCUSDT", error.Message, StringComparison.Ordinal);
        Assert.Contains("recorded from other candles", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_TapeOfOtherPeriodsOrSymbols_IsRefused()
    {
        var tape = IndicatorTape.Record(RealData.BtcAndSol.Take(1).ToList(), [new ChampionOptions { RsiPeriod = 7 }]);

        var periods = Assert.Throws<ArgumentException>(() =>
            Backtester.Run(RealData.BtcAndSol.Take(1).ToList(), new TradingConfig(), new BacktestOptions { IndicatorTape = tape }));
        var symbol = Assert.Throws<ArgumentException>(() =>
            Backtester.Run(RealData.BtcAndSol.Skip(1).ToList(), GridEvaluator.WithSettings(new TradingConfig(), new ChampionOptions { RsiPeriod = 7 }), new BacktestOptions { IndicatorTape = tape }));

        Assert.Contains("RSI(14)", periods.Message, StringComparison.Ordinal);
        Assert.Contains("SOLUSDT", symbol.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_DecideAheadWithATape_IsRefused()
    {
        var tape = IndicatorTape.Record(RealData.BtcAndSol, [new ChampionOptions()]);

        Assert.Throws<ArgumentException>(() =>
            Backtester.Run(RealData.BtcAndSol, new TradingConfig(), new BacktestOptions { IndicatorTape = tape, DecideAhead = true }));
    }

    private static BacktestOptions Window(string? from, string? to) => new()
    {
        FromMs = from is null ? null : TimestampParser.Parse(from),
        ToMs = to is null ? null : TimestampParser.Parse(to),
    };

    private static string Json(BacktestResult result)
    {
        using var stream = new MemoryStream();
        BacktestJson.Write(result, stream);
        return Convert.ToHexString(stream.ToArray());
    }
}
