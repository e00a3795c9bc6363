using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Tests.Strategy;

/// <summary><see cref="IStrategy.WarmUpPeriod"/> is the candles needed until the first decision, as an indicator's.</summary>
public sealed class ChampionWarmUpTests
{
    [Theory]
    [InlineData(-2, false)]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    public void OnCandle_SetUpOnTheWarmUpPeriodthCandle_FirstOneDecided(int offset, bool decided)
    {
        // Closes fall every minute (RSI 0, oversold) on volume 1; the last candle's volume is a spike: a LONG set-up as
        // soon as the RSI and the volume average both have a value, and not a candle before.
        var strategy = new ChampionStrategy(new ChampionOptions());
        Assert.Equal(20, strategy.WarmUpPeriod); // the volume SMA(20); RSI(14) needs 15
        var candles = strategy.WarmUpPeriod + offset;
        EntryIntent? last = null;
        for (var i = 0; i < candles; i++)
        {
            var close = 100 - (0.1 * i);
            last = strategy.OnCandle(new Candle(i * 60_000L, close + 0.1, close + 0.1, close, close, i == candles - 1 ? 100 : 1));
        }

        Assert.Equal(decided, last is { Side: Direction.Long });
    }
}
