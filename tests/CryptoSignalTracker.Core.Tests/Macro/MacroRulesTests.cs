using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Tests.Backtesting;

namespace CryptoSignalTracker.Core.Tests.Macro;

public sealed class MacroRulesTests
{
    private const long FiveMinutes = 300_000;

    [Fact]
    public void On5MinuteCandle_After4HourCandleThatHadNotClosed_ThrowsLookahead()
    {
        var rules = new MacroRules("BTCUSDT", new MacroOptions());
        var t0 = 1_748_563_200_000; // 00:00 UTC
        rules.On4HourCandle(new Candle(t0, 1, 1, 1, 1, 1));

        var ex = Assert.Throws<ArgumentException>(() => rules.On5MinuteCandle(new Candle(t0 + (60 * 60_000), 1, 1, 1, 1, 1)));
        Assert.Contains("lookahead", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtest_SwingSignals_HaveTheRulesExitsAndAValidBiasOfThatConfidence()
    {
        var result = Backtester.Run(RealData.BtcAndSol, new TradingConfig());
        var swings = result.Signals.Where(s => s.Kind == SignalKind.Swing).ToList();
        Assert.NotEmpty(swings);

        foreach (var s in swings)
        {
            var sign = s.Side == Direction.Long ? 1 : -1;
            Assert.Equal(s.Entry * (1 + (sign * 0.005)), s.TakeProfit, 9);
            Assert.Equal(s.Entry * (1 - (sign * 0.015)), s.StopLoss, 9);
            Assert.Equal(0, s.TimeMs % FiveMinutes); // decided on a closed 5-minute candle
            var bias = Assert.Single(result.Biases, b => b.Symbol == s.Symbol && b.PublishedAtMs == s.TimeMs + FiveMinutes);
            Assert.Equal(s.Side, bias.Side);
            Assert.Equal(s.Confidence, bias.Confidence);
            Assert.Equal(4 * 3_600_000, bias.ExpiresAtMs - bias.PublishedAtMs);
            Assert.InRange(s.Confidence, 50, 100);
        }

        Assert.True(swings.Select(s => s.Confidence).Distinct().Count() > 1, "confidence must come from the data, not be a constant");
    }

    [Fact]
    public void Backtest_SwingSignalsOfOneSymbol_RespectTheCooldown()
    {
        var biases = Backtester.Run(RealData.BtcAndSol, new TradingConfig()).Biases;

        foreach (var group in biases.GroupBy(b => b.Symbol))
        {
            var times = group.Select(b => b.PublishedAtMs).ToList();
            Assert.All(times.Zip(times.Skip(1)), p => Assert.True(p.Second - p.First >= 15 * 60_000, $"{group.Key}: {WireNames.Time(p.First)} then {WireNames.Time(p.Second)}"));
        }
    }
}
