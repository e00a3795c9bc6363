using System.Globalization;
using CryptoSignalTracker.Core.Aggregation;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Tests.Support;

namespace CryptoSignalTracker.Core.Tests.Aggregation;

public sealed class CandleAggregatorTests
{
    private const long Minute = 60_000;
    private const long T0 = 1721347020000; // 2024-07-18T23:57:00Z
    private const string Symbol = "ETHUSDT";

    [Theory]
    [MemberData(nameof(TradeFiles.All), MemberType = typeof(TradeFiles))]
    public void Aggregate_RealTrades_MatchesLinqRecount(string file)
    {
        var trades = TradeFiles.Read(file);
        var (expected, expectedGaps) = Recount.Candles(trades);

        var result = CandleAggregator.Aggregate(trades.ToArray());

        Assert.Equal(expected, result.Candles);
        Assert.Equal(expectedGaps, result.Gaps);
        Assert.Equal(0, result.Duplicates);
        Assert.Equal(trades.Count, result.Candles.Sum(c => c.Trades));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Aggregate_RealEthTrades_VolumesAreTheExactDecimalSumsOfTheRawSizes(int minutes)
    {
        // The sizes as the file writes them (decimal text), summed in decimal: what a trader adding them up gets.
        var path = Data.DataFiles.Bundled("sample/binance_usdm_ETHUSDT_trades_hftbacktest.csv");
        var intervalMs = minutes * Minute;
        var expected = new SortedDictionary<long, (decimal Volume, decimal Buy, decimal Sell)>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split(',');
            var open = long.Parse(f[0], CultureInfo.InvariantCulture) / intervalMs * intervalMs;
            var size = decimal.Parse(f[7], CultureInfo.InvariantCulture);
            var sold = f[8] == "true";
            expected.TryGetValue(open, out var sum);
            expected[open] = (sum.Volume + size, sum.Buy + (sold ? 0 : size), sum.Sell + (sold ? size : 0));
        }

        var result = CandleAggregator.Aggregate(TradeFiles.Read("bundled:sample/binance_usdm_ETHUSDT_trades_hftbacktest.csv").ToArray(),
            new CandleAggregatorOptions { Interval = new Interval(minutes) });

        var traded = result.Candles.Where(c => c.Trades > 0).ToList();
        Assert.Equal(expected.Keys, traded.Select(c => c.OpenTimeMs));
        Assert.All(traded, c =>
        {
            var (volume, buy, sell) = expected[c.OpenTimeMs];
            Assert.Equal(Text(volume), WireNames.Number(c.Volume));
            Assert.Equal(Text(buy), WireNames.Number(c.BuyVolume));
            Assert.Equal(Text(sell), WireNames.Number(c.SellVolume));
        });

        // the shortest text of the exact decimal sum, e.g. 289.394 (not 289.39399999999995)
        static string Text(decimal d) => (d / 1.000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(15)]
    [InlineData(240)]
    public void Aggregate_LongerIntervals_MatchLinqRecount(int minutes)
    {
        var trades = TradeFiles.Read(DataFilesNames.UsdmBtc);
        var (expected, expectedGaps) = Recount.Candles(trades, minutes);

        var result = CandleAggregator.Aggregate(trades.ToArray(), new CandleAggregatorOptions { Interval = new Interval(minutes) });

        Assert.Equal(expected, result.Candles);
        Assert.Equal(expectedGaps, result.Gaps);
    }

    [Fact]
    public void Aggregate_RealTradesWithMonthsBetweenWindows_ReportsEachHole()
    {
        var trades = TradeFiles.Read(DataFilesNames.UsdmBtc);

        var result = CandleAggregator.Aggregate(trades.ToArray());

        // three capture windows: 2023-04-04/05, 2024-07-18/19, 2024-08-08
        Assert.Equal(2, result.Gaps.Count);
        Assert.All(result.Gaps, gap => Assert.True(gap.Duration > TimeSpan.FromDays(20)));
        var first = result.Gaps[0];
        Assert.Equal(trades.Last(t => t.TimeMs < first.StartMs).TimeMs / Minute * Minute, first.StartMs - Minute);
        Assert.Equal(trades.First(t => t.TimeMs >= first.EndMs).TimeMs / Minute * Minute, first.EndMs);
        Assert.StartsWith($"no trades from {WireNames.Time(first.StartMs)} to {WireNames.Time(first.EndMs)}", first.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(result.Candles, c => c.OpenTimeMs >= first.StartMs && c.OpenTimeMs < first.EndMs);
    }

    [Theory]
    [MemberData(nameof(TradeFiles.All), MemberType = typeof(TradeFiles))]
    public void Aggregate_ShuffledWithinEqualTimes_MatchesRecountOfTheShuffledInput(string file)
    {
        var trades = TradeFiles.Read(file);
        var random = new Random(20240718);
        var shuffled = trades.GroupBy(t => t.TimeMs).SelectMany(g => g.OrderBy(_ => random.Next())).ToArray();
        Assert.NotEqual(trades, shuffled);

        var result = CandleAggregator.Aggregate(shuffled);
        var original = CandleAggregator.Aggregate(trades.ToArray());

        Assert.Equal(Recount.Candles(shuffled).Candles, result.Candles);
        Assert.Equal(original.Candles.Select(c => (c.OpenTimeMs, c.High, c.Low, c.Trades)), result.Candles.Select(c => (c.OpenTimeMs, c.High, c.Low, c.Trades)));
        Assert.All(original.Candles.Zip(result.Candles), pair =>
        {
            Assert.Equal(pair.First.Volume, pair.Second.Volume, 1e-9);
            Assert.Equal(pair.First.BuyVolume, pair.Second.BuyVolume, 1e-9);
        });
    }

    [Theory]
    [MemberData(nameof(TradeFiles.All), MemberType = typeof(TradeFiles))]
    public void Aggregate_DuplicatedRows_AreCountedOnce(string file)
    {
        var trades = TradeFiles.Read(file);
        var random = new Random(7);
        var withRepeats = new List<Trade>(trades.Count * 2);
        var repeats = 0;
        foreach (var group in trades.GroupBy(t => t.TimeMs))
        {
            var members = group.ToList();
            var copies = members.Where(_ => random.Next(10) == 0).ToList();
            foreach (var copy in copies)
            {
                // a resent trade comes after the original, anywhere later among the trades of its time
                var at = members.IndexOf(copy) + 1 + random.Next(members.Count - members.IndexOf(copy));
                members.Insert(Math.Min(at, members.Count), copy);
                repeats++;
            }

            withRepeats.AddRange(members);
        }

        Assert.True(repeats > 100);
        var result = CandleAggregator.Aggregate(withRepeats.ToArray());

        Assert.Equal(CandleAggregator.Aggregate(trades.ToArray()).Candles, result.Candles);
        Assert.Equal(repeats, result.Duplicates);
    }

    [Theory]
    [MemberData(nameof(TradeFiles.All), MemberType = typeof(TradeFiles))]
    public void Add_FedInChunksWithDrains_EqualsTheBatch(string file)
    {
        var trades = TradeFiles.Read(file).ToArray();
        var batch = CandleAggregator.Aggregate(trades);
        var random = new Random(11);
        var aggregator = new CandleAggregator();
        var candles = new List<Candle>();

        for (var start = 0; start < trades.Length;)
        {
            var end = Math.Min(trades.Length, start + random.Next(1, 5_000));
            foreach (var trade in trades.AsSpan(start, end - start))
            {
                aggregator.Add(trade);
            }

            while (aggregator.TryTake(out var candle))
            {
                candles.Add(candle);
            }

            start = end;
        }

        aggregator.Flush();
        while (aggregator.TryTake(out var candle))
        {
            candles.Add(candle);
        }

        Assert.Equal(batch.Candles, candles);
        Assert.Equal(batch.Gaps, aggregator.Gaps);
    }

    [Fact]
    public void Add_TradeOfTheNextMinute_CompletesTheCandle()
    {
        var aggregator = new CandleAggregator();

        aggregator.Add(Trade(T0 + 1_000, 100, 1, TakerSide.Buy, 1));
        aggregator.Add(Trade(T0 + 2_000, 103, 2, TakerSide.Sell, 2));
        aggregator.Add(Trade(T0 + 3_000, 99, 0.5, TakerSide.Buy, 3));
        aggregator.Add(Trade(T0 + 59_999, 101, 1, TakerSide.Sell, 4));
        Assert.Equal(0, aggregator.CompletedCount);
        Assert.Equal(new Candle(T0, 100, 103, 99, 101, 4.5, 4, 1.5, 3), aggregator.Forming);

        aggregator.Add(Trade(T0 + Minute, 102, 1, TakerSide.Buy, 5));

        Assert.True(aggregator.TryTake(out var candle));
        Assert.Equal(new Candle(T0, 100, 103, 99, 101, 4.5, 4, 1.5, 3), candle);
        Assert.False(aggregator.TryTake(out _));
    }

    [Fact]
    public void Add_QuietMinutes_BecomeFlatCandlesAtThePreviousClose()
    {
        var result = CandleAggregator.Aggregate([Trade(T0, 100, 1, TakerSide.Buy, 1), Trade(T0 + 10, 101, 1, TakerSide.Buy, 2), Trade(T0 + (3 * Minute), 105, 2, TakerSide.Sell, 3)]);

        Assert.Equal(
            [
                new Candle(T0, 100, 101, 100, 101, 2, 2, 2, 0),
                Candle.Flat(T0 + Minute, 101),
                Candle.Flat(T0 + (2 * Minute), 101),
                new Candle(T0 + (3 * Minute), 105, 105, 105, 105, 2, 1, 0, 2),
            ],
            result.Candles);
        Assert.Empty(result.Gaps);
    }

    [Theory]
    [InlineData(60, 0)]
    [InlineData(61, 1)]
    public void Aggregate_QuietRunAtTheLimit_IsFilledAndLongerIsAHole(int quietMinutes, int holes)
    {
        var last = T0 + ((quietMinutes + 1) * Minute);

        var result = CandleAggregator.Aggregate([Trade(T0, 100, 1, TakerSide.Buy, 1), Trade(last, 101, 1, TakerSide.Buy, 2)]);

        Assert.Equal(holes, result.Gaps.Count);
        Assert.Equal(holes == 0 ? quietMinutes + 2 : 2, result.Candles.Count);
        if (holes == 1)
        {
            Assert.Equal(new CandleGap(T0 + Minute, last), result.Gaps[0]);
            Assert.Equal(TimeSpan.FromMinutes(61), result.Gaps[0].Duration);
        }
    }

    [Fact]
    public void Add_FirstTradeAfterAHole_RaisesGapFoundOnce()
    {
        var aggregator = new CandleAggregator();
        var found = new List<CandleGap>();
        aggregator.GapFound += found.Add;

        aggregator.Add(Trade(T0, 100, 1, TakerSide.Buy, 1));
        aggregator.Add(Trade(T0 + (120 * Minute), 101, 1, TakerSide.Buy, 2));
        aggregator.Add(Trade(T0 + (121 * Minute), 102, 1, TakerSide.Buy, 3));

        Assert.Equal([new CandleGap(T0 + Minute, T0 + (120 * Minute))], found);
        Assert.Equal(found, aggregator.Gaps);
    }

    [Fact]
    public void Aggregate_ZeroFillLimit_LeavesEveryQuietMinuteAsAHole()
    {
        var result = CandleAggregator.Aggregate(
            [Trade(T0, 100, 1, TakerSide.Buy, 1), Trade(T0 + (2 * Minute), 101, 1, TakerSide.Buy, 2)],
            new CandleAggregatorOptions { MaxFilledGap = TimeSpan.Zero });

        Assert.Equal(2, result.Candles.Count);
        Assert.Equal([new CandleGap(T0 + Minute, T0 + (2 * Minute))], result.Gaps);
    }

    [Fact]
    public void Add_EarlierTrade_ThrowsNamingBothTimes()
    {
        var aggregator = new CandleAggregator();
        aggregator.Add(Trade(T0 + 5_000, 100, 1, TakerSide.Buy, 1));

        var ex = Assert.Throws<ArgumentException>(() => aggregator.Add(Trade(T0 + 4_000, 100, 1, TakerSide.Buy, 2)));

        Assert.Contains("2024-07-18T23:57:04Z is earlier than the previous trade at 2024-07-18T23:57:05Z", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_TradeIntoACandleClosedByTheClock_Throws()
    {
        var aggregator = new CandleAggregator();
        aggregator.Add(Trade(T0 + 5_000, 100, 1, TakerSide.Buy, 1));
        aggregator.AdvanceTo(T0 + Minute);
        Assert.True(aggregator.TryTake(out var closed));
        Assert.Equal(T0, closed.OpenTimeMs);

        var ex = Assert.Throws<ArgumentException>(() => aggregator.Add(Trade(T0 + 6_000, 100, 1, TakerSide.Buy, 2)));

        Assert.Contains("already completed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AdvanceTo_BeforeTheCandleEnds_KeepsItForming()
    {
        var aggregator = new CandleAggregator();
        aggregator.Add(Trade(T0 + 5_000, 100, 1, TakerSide.Buy, 1));

        aggregator.AdvanceTo(T0 + Minute - 1);

        Assert.Equal(0, aggregator.CompletedCount);
        Assert.NotNull(aggregator.Forming);
    }

    [Fact]
    public void Add_OtherSymbol_Throws()
    {
        var aggregator = new CandleAggregator();
        aggregator.Add(Trade(T0, 100, 1, TakerSide.Buy, 1));

        var ex = Assert.Throws<ArgumentException>(() => aggregator.Add(Trade(T0, 100, 1, TakerSide.Buy, 2) with { Symbol = "BTCUSDT" }));

        Assert.Contains("is for BTCUSDT, this aggregator builds ETHUSDT candles", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_SameSymbolTextInAnotherString_IsAccepted()
    {
        var aggregator = new CandleAggregator();
        aggregator.Add(Trade(T0, 100, 1, TakerSide.Buy, 1));

        Assert.True(aggregator.Add(Trade(T0, 100, 1, TakerSide.Buy, 2) with { Symbol = new string(Symbol.AsSpan()) }));
    }

    [Theory]
    [InlineData(double.NaN, 1)]
    [InlineData(-1, 1)]
    [InlineData(0, 1)]
    [InlineData(double.PositiveInfinity, 1)]
    [InlineData(100, 0)]
    [InlineData(100, double.NaN)]
    public void Add_InvalidPriceOrSize_Throws(double price, double size) =>
        Assert.Throws<ArgumentException>(() => new CandleAggregator().Add(Trade(T0, price, size, TakerSide.Buy, 1)));

    [Fact]
    public void Add_ManyTradesAtOneTime_DeduplicatesBeyondTheSetsFirstSize()
    {
        var trades = Enumerable.Range(0, 1_000).Select(i => Trade(T0, 100 + (i % 7), 1, TakerSide.Buy, i)).ToList();
        trades.AddRange(Enumerable.Range(0, 1_000).Select(i => Trade(T0, 1, 1, TakerSide.Buy, i)));

        var result = CandleAggregator.Aggregate(trades.ToArray());

        Assert.Equal(1_000, result.Duplicates);
        Assert.Equal(1_000, Assert.Single(result.Candles).Trades);
    }

    [Fact]
    public void Add_AfterWarmUp_AllocatesNothing()
    {
        const int warmUp = 100_000;
        const int pass = 50_000;
        var trades = Enumerable.Range(0, warmUp + (3 * pass)).Select(i => Trade(T0 + (i / 4 * 37), 100 + (i % 13), 0.5, (i & 1) == 0 ? TakerSide.Buy : TakerSide.Sell, i)).ToArray();
        var aggregator = new CandleAggregator();
        Feed(aggregator, trades.AsSpan(0, warmUp));

        Assert.Equal(0, Allocations.Fewest(3, i => Feed(aggregator, trades.AsSpan(warmUp + (i * pass), pass))));

        static void Feed(CandleAggregator aggregator, ReadOnlySpan<Trade> trades)
        {
            foreach (ref readonly var trade in trades)
            {
                aggregator.Add(trade);
                while (aggregator.TryTake(out _))
                {
                    // drain: completed candles are not what this test measures
                }
            }
        }
    }

    [Fact]
    public void Options_NegativeFillLimit_IsRejected() =>
        Assert.Throws<ArgumentException>(() => new CandleAggregator(new CandleAggregatorOptions { MaxFilledGap = TimeSpan.FromMinutes(-1) }));

    private static Trade Trade(long timeMs, double price, double size, TakerSide side, long id) =>
        new(timeMs, Symbol, side, price, size, TradeId.FromNumber(id));
}
