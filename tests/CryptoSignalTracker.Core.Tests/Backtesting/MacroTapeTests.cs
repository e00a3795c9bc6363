using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Optimization;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Tests.Backtesting;

/// <summary>
/// Grid searches record the macro decisions once (<see cref="MacroTape"/>) and replay them in every combination's
/// backtest: each replay must give exactly the backtest that computes them itself.
/// </summary>
public sealed class MacroTapeTests
{
    public static TheoryData<double, double, double, string?, string?> Cases => new()
    {
        { 25, 1.5, 0.7, null, null },
        { 30, 2.0, 1.0, "2025-06-10T00:00:00Z", null },
        { 20, 1.0, 0.5, null, "2025-06-15T12:00:00Z" },
        { 35, 3.0, 1.5, "2025-06-20T00:00:00Z", "2025-06-27T00:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Run_ReplayingTheRecordedTape_GivesTheSameTradesSignalsBiasesAndMetrics(double oversold, double takeProfit, double stopLoss, string? from, string? to)
    {
        var config = GridEvaluator.WithSettings(new TradingConfig(), new ChampionOptions { Oversold = oversold, TakeProfitPercent = takeProfit, StopLossPercent = stopLoss });
        var window = new BacktestOptions
        {
            FromMs = from is null ? null : TimestampParser.Parse(from),
            ToMs = to is null ? null : TimestampParser.Parse(to),
        };
        var tape = MacroTape.Record(RealData.BtcAndSol, config);

        var computed = Backtester.Run(RealData.BtcAndSol, config, window);
        var replayed = Backtester.Run(RealData.BtcAndSol, config, window with { MacroTape = tape });

        Assert.Contains(computed.Signals, s => s.Kind == Domain.SignalKind.Swing);
        Assert.Equal(computed.Signals, replayed.Signals);
        Assert.Equal(computed.Skipped, replayed.Skipped);
        Assert.Equal(computed.Biases, replayed.Biases);
        Assert.Equal(computed.Trades, replayed.Trades);
        Assert.Equal(Json(computed), Json(replayed));
    }

    [Fact]
    public void Record_MacroEngineOff_GivesNoTape() =>
        Assert.Null(MacroTape.Record(RealData.BtcAndSol, new TradingConfig { MacroEnabled = false }));

    [Fact]
    public void Run_TapeOfOtherMacroOptions_IsRefused()
    {
        var tape = MacroTape.Record(RealData.BtcAndSol, new TradingConfig())!;
        var other = new TradingConfig { Macro = new Core.Macro.MacroOptions { CooldownMinutes = 5 } };

        Assert.Throws<ArgumentException>(() => Backtester.Run(RealData.BtcAndSol, other, new BacktestOptions { MacroTape = tape }));
    }

    private static string Json(BacktestResult result)
    {
        using var stream = new MemoryStream();
        BacktestJson.Write(result, stream);
        return Convert.ToHexString(stream.ToArray());
    }
}
