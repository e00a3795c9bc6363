using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;
using CryptoSignalTracker.Core.Strategy;
using CryptoSignalTracker.Core.Tests.Backtesting;

namespace CryptoSignalTracker.Core.Tests.Strategy;

/// <summary>Peek on a forming candle (the optional 15-second cadence) on the bundled real BTC and SOL minutes.</summary>
public sealed class ChampionPeekTests
{
    public static TheoryData<string, ExitMode> Cases => new()
    {
        { "BTCUSDT", ExitMode.Fixed },
        { "SOLUSDT", ExitMode.Fixed },
        { "BTCUSDT", ExitMode.Atr },
    };

    private static IReadOnlyList<Candle> Candles(string symbol) => RealData.BtcAndSol.Single(s => s.Symbol == symbol).Candles;

    /// <summary>The minute 15 seconds in, as a forming candle might look: open, a third of the volume, close between open and close.</summary>
    private static Candle Early(in Candle c)
    {
        var close = (c.Open + c.Close) / 2;
        return new Candle(c.OpenTimeMs, c.Open, Math.Max(c.Open, close), Math.Min(c.Open, close), close, c.Volume / 3);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Peek_ThenOnCandleOfTheSameCandle_GivesTheSameIntent(string symbol, ExitMode exitMode)
    {
        var strategy = new ChampionStrategy(new ChampionOptions { ExitMode = exitMode });
        var fired = 0;

        foreach (var candle in Candles(symbol))
        {
            var peeked = strategy.Peek(candle);
            var decided = strategy.OnCandle(candle);

            Assert.Equal(decided, peeked);
            fired += decided is null ? 0 : 1;
        }

        Assert.True(fired >= 5, $"only {fired} intents on {symbol}: the comparison would prove little");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Peek_AtEveryStep_NeverChangesLaterResults(string symbol, ExitMode exitMode)
    {
        var options = new ChampionOptions { ExitMode = exitMode };
        var plain = new ChampionStrategy(options);
        var peeking = new ChampionStrategy(options);
        var peekedIntents = 0;

        foreach (var candle in Candles(symbol))
        {
            peekedIntents += peeking.Peek(Early(candle)) is null ? 0 : 1;
            peekedIntents += peeking.Peek(candle) is null ? 0 : 1;

            Assert.Equal(plain.OnCandle(candle), peeking.OnCandle(candle));
            Assert.Equal(plain.Rsi, peeking.Rsi);
        }

        Assert.True(peekedIntents > 0, "no peek ever gave an intent");
    }

    [Fact]
    public void Peek_RequireDivergence_ReturnsNullAndChangesNothing()
    {
        var options = new ChampionOptions { RequireDivergence = true };
        var plain = new ChampionStrategy(options);
        var peeking = new ChampionStrategy(options);
        var fired = 0;

        foreach (var candle in Candles("BTCUSDT"))
        {
            Assert.Null(peeking.Peek(candle));
            var decided = peeking.OnCandle(candle);
            Assert.Equal(plain.OnCandle(candle), decided);
            fired += decided is null ? 0 : 1;
        }

        Assert.True(fired > 0, "no divergence-confirmed intent in the series: the test would prove little");
    }

    [Fact]
    public void Peek_CandleNotAfterTheLastClosedOne_ThrowsNamingTheOrder()
    {
        var candles = Candles("BTCUSDT");
        var strategy = new ChampionStrategy(new ChampionOptions());
        strategy.OnCandle(candles[0]);
        strategy.OnCandle(candles[1]);

        var ex = Assert.Throws<ArgumentException>(() => strategy.Peek(candles[1]));

        Assert.Contains("is not after the previous input time", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IndicatorPeeks_EqualTheirUpdates_FromTheFirstInputOn()
    {
        var candles = Candles("SOLUSDT").Take(60).ToList();
        var (rsi, sma, atr) = (new Rsi(), new Sma(20), new Atr());

        foreach (var c in candles)
        {
            var (r, s, a) = (rsi.Peek(c.OpenTimeMs, c.Close), sma.Peek(c.OpenTimeMs, c.Volume), atr.Peek(c));

            Assert.Equal(rsi.Update(c.OpenTimeMs, c.Close), r);
            Assert.Equal(sma.Update(c.OpenTimeMs, c.Volume), s);
            Assert.Equal(atr.Update(c), a);
        }

        Assert.True(rsi.IsReady && sma.IsReady && atr.IsReady);
    }
}
