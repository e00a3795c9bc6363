using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;
using CryptoSignalTracker.Core.Strategy;
using CryptoSignalTracker.Core.Tests.Backtesting;

namespace CryptoSignalTracker.Core.Tests.Strategy;

public sealed class DivergenceConfirmationTests
{
    // Loosened thresholds so that a month of real BTCUSDT candles has enough set-ups to test against.
    private static readonly ChampionOptions Plain = new() { Oversold = 35, Overbought = 65, VolumeFactor = 1.2 };
    private static readonly ChampionOptions WithDivergence = Plain with { RequireDivergence = true, PivotLeft = 3, PivotRight = 3 };

    [Fact]
    public void OnCandle_RequireDivergence_SignalsOnlyOnConfirmingCandlesAfterASetup()
    {
        var candles = RealData.BtcAndSol[0].Candles;
        var plain = new ChampionStrategy(Plain);
        var confirmed = new ChampionStrategy(WithDivergence);
        var rsi = new Rsi(14);
        var divergence = new RsiDivergence(3, 3);
        var window = 6; // default: pivot left + right
        var lastSetup = new Dictionary<Direction, int> { [Direction.Long] = int.MinValue / 2, [Direction.Short] = int.MinValue / 2 };
        var signals = 0;

        for (var i = 0; i < candles.Count; i++)
        {
            var setup = plain.OnCandle(candles[i]);
            var kind = divergence.Update(candles[i], rsi.Update(candles[i].OpenTimeMs, candles[i].Close));
            if (setup is { } s)
            {
                lastSetup[s.Side] = i;
            }

            if (confirmed.OnCandle(candles[i]) is not { } signal)
            {
                continue;
            }

            signals++;
            Assert.Equal(signal.Side == Direction.Long ? DivergenceKind.Bullish : DivergenceKind.Bearish, kind);
            Assert.InRange(i - lastSetup[signal.Side], 0, window);
            Assert.Equal(candles[i].Close, signal.Entry);
            Assert.Contains(signal.Side == Direction.Long ? "bullish RSI divergence: low" : "bearish RSI divergence: high", signal.Reason, StringComparison.Ordinal);
        }

        Assert.True(signals > 0, "the scenario must produce confirmed signals");
    }

    [Fact]
    public void OnCandle_RequireDivergence_FiresLessOftenThanWithout()
    {
        var candles = RealData.BtcAndSol[0].Candles;
        var plain = new ChampionStrategy(Plain);
        var confirmed = new ChampionStrategy(WithDivergence);

        var plainCount = candles.Count(c => plain.OnCandle(c) is not null);
        var confirmedCount = candles.Count(c => confirmed.OnCandle(c) is not null);

        Assert.InRange(confirmedCount, 1, plainCount - 1);
    }
}
