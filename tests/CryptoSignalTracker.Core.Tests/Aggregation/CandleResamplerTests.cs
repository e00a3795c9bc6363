using CryptoSignalTracker.Core.Aggregation;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Tests.Data;
using CryptoSignalTracker.Tests.Support;

namespace CryptoSignalTracker.Core.Tests.Aggregation;

public sealed class CandleResamplerTests
{
    private const long Minute = 60_000;
    private const long T0 = 1721347200000; // 2024-07-19T00:00:00Z, aligned to 5m and 4h

    private static readonly Interval Five = new(5);

    [Theory]
    [MemberData(nameof(TradeFiles.All), MemberType = typeof(TradeFiles))]
    public void Resample_OneMinuteCandlesOfRealTrades_EqualsAggregatingTheTradesDirectly(string file)
    {
        foreach (var minutes in new[] { 5, 15, 240 })
        {
            var trades = TradeFiles.Read(file).ToArray();
            var interval = new Interval(minutes);
            var direct = CandleAggregator.Aggregate(trades, new CandleAggregatorOptions { Interval = interval }).Candles;

            var resampled = CandleResampler.Resample(CandleAggregator.Aggregate(trades).Candles.ToArray(), Interval.OneMinute, interval);

            AssertSameCandles(direct, resampled);
        }
    }

    [Fact]
    public void Resample_BybitKlines_CombinesOhlcvPerBucketWithExactDecimalVolumes()
    {
        var candles = CandleCsvReader.ReadFile(DataFiles.Bundled("sample/bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv"));

        var resampled = CandleResampler.Resample(candles.ToArray(), Interval.OneMinute, Five);

        var expected = candles.GroupBy(c => c.OpenTimeMs / (5 * Minute) * 5 * Minute).Select(g => new Candle(
            g.Key, g.First().Open, g.Max(c => c.High), g.Min(c => c.Low), g.Last().Close, (double)g.Sum(c => (decimal)c.Volume))).ToList();
        Assert.Equal(expected, resampled);
        Assert.Equal(8_641, resampled.Count);
    }

    [Fact]
    public void Update_LastMinuteOfTheBucket_CompletesItAtOnce()
    {
        var resampler = new CandleResampler(Interval.OneMinute, Five);

        for (var i = 0; i < 4; i++)
        {
            Assert.True(resampler.Update(Traded(T0 + (i * Minute), 100 + i)).IsEmpty);
        }

        var closed = resampler.Update(Traded(T0 + (4 * Minute), 104));

        Assert.Equal(1, closed.Count);
        Assert.Equal(new Candle(T0, 100, 105, 99, 104.5, 5, 5, 2.5, 2.5), closed.Last);
        Assert.Null(resampler.Flush());
    }

    [Fact]
    public void Update_AfterAHole_CanCompleteTwoBuckets()
    {
        var resampler = new CandleResampler(Interval.OneMinute, Five);
        resampler.Update(Traded(T0, 100));
        resampler.Update(Traded(T0 + Minute, 101));

        // trades resume in the last minute of a later bucket: the earlier bucket and that one both close
        var closed = resampler.Update(Traded(T0 + (59 * Minute), 110));

        Assert.Equal(2, closed.Count);
        Assert.Equal(T0, closed[0].OpenTimeMs);
        Assert.Equal(2, closed[0].Trades);
        Assert.Equal(T0 + (55 * Minute), closed[1].OpenTimeMs);
        var enumerated = new List<Candle>();
        foreach (var candle in closed)
        {
            enumerated.Add(candle);
        }

        Assert.Equal([closed[0], closed[1]], enumerated);
        Assert.Throws<ArgumentOutOfRangeException>(() => closed[2]);
    }

    [Fact]
    public void Update_BucketOfFillersOnly_IsFlatAtTheirPrice()
    {
        var resampler = new CandleResampler(Interval.OneMinute, Five);
        for (var i = 0; i < 4; i++)
        {
            resampler.Update(Candle.Flat(T0 + (i * Minute), 100));
        }

        Assert.Equal(Candle.Flat(T0, 100), resampler.Update(Candle.Flat(T0 + (4 * Minute), 100)).Last);
    }

    [Fact]
    public void Update_LeadingFillers_DoNotSetTheOpen()
    {
        var resampler = new CandleResampler(Interval.OneMinute, Five);
        resampler.Update(Candle.Flat(T0, 90));
        resampler.Update(Candle.Flat(T0 + Minute, 90));
        resampler.Update(Traded(T0 + (2 * Minute), 100));
        resampler.Update(Candle.Flat(T0 + (3 * Minute), 100.5));

        var closed = resampler.Update(Traded(T0 + (4 * Minute), 102)).Last;

        Assert.Equal(new Candle(T0, 100, 103, 99, 102.5, 2, 2, 1, 1), closed);
    }

    [Fact]
    public void Update_UnknownTradeCount_MakesTheSumUnknown()
    {
        var resampler = new CandleResampler(Interval.OneMinute, Five);
        resampler.Update(Traded(T0, 100));
        resampler.Update(new Candle(T0 + Minute, 100, 101, 99, 100, 3));

        Assert.Equal(-1, resampler.Flush()!.Value.Trades);
    }

    [Fact]
    public void Update_OutOfOrderCandle_ThrowsNamingBothTimes()
    {
        var resampler = new CandleResampler(Interval.OneMinute, Five);
        resampler.Update(Traded(T0 + Minute, 100));

        var ex = Assert.Throws<ArgumentException>(() => resampler.Update(Traded(T0 + Minute, 100)));

        Assert.Contains("2024-07-19T00:01:00Z is not later than the previous candle at 2024-07-19T00:01:00Z", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_MisalignedCandle_Throws() =>
        Assert.Throws<ArgumentException>(() => new CandleResampler(Interval.OneMinute, Five).Update(Traded(T0 + 30_000, 100)));

    [Fact]
    public void Constructor_TargetNotAMultipleOfTheSource_Throws() =>
        Assert.Throws<ArgumentException>(() => new CandleResampler(new Interval(3), Five));

    [Fact]
    public void Update_AfterWarmUp_AllocatesNothing()
    {
        var resampler = new CandleResampler(Interval.OneMinute, new Interval(240));
        var candles = Enumerable.Range(0, 20_000).Select(i => Traded(T0 + (i * Minute), 100 + (i % 9))).ToArray();
        var count = 0;
        foreach (var candle in candles.AsSpan(0, 1_000))
        {
            count += resampler.Update(candle).Count;
        }

        Assert.Equal(0, Allocations.Fewest(3, i =>
        {
            foreach (var candle in candles.AsSpan(1_000 + (i * 6_000), 6_000))
            {
                count += resampler.Update(candle).Count;
            }
        }));
        count += candles.AsSpan(19_000).ToArray().Sum(c => resampler.Update(c).Count);
        Assert.Equal(20_000 / 240, count);
    }

    private static Candle Traded(long openTimeMs, double price) => new(openTimeMs, price, price + 1, price - 1, price + 0.5, 1, 1, 0.5, 0.5);

    private static void AssertSameCandles(IReadOnlyList<Candle> expected, IReadOnlyList<Candle> actual)
    {
        Assert.Equal(expected.Select(c => (c.OpenTimeMs, c.Open, c.High, c.Low, c.Close, c.Trades)), actual.Select(c => (c.OpenTimeMs, c.Open, c.High, c.Low, c.Close, c.Trades)));
        // the volumes are summed in a different order (per minute first); both sums are exact, so they are equal
        Assert.Equal(expected.Select(c => (c.Volume, c.BuyVolume, c.SellVolume)), actual.Select(c => (c.Volume, c.BuyVolume, c.SellVolume)));
    }
}
