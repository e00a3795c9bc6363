using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.DataPlane.Tests.Stores;

/// <summary>The behaviour every <see cref="ICandleStore"/> must show; one subclass per implementation.</summary>
public abstract class CandleStoreContract : IAsyncLifetime
{
    /// <summary>Symbol the tests write.</summary>
    protected const string Symbol = "BTCUSDT";

    private const long Minute = 60_000;

    /// <summary>Store under test, made by <see cref="CreateStoreAsync"/> in <see cref="InitializeAsync"/>.</summary>
    protected ICandleStore Store { get; private set; } = null!;

    /// <inheritdoc />
    public virtual async Task InitializeAsync() => Store = await CreateStoreAsync();

    /// <inheritdoc />
    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A store on the test's backing storage; calling it again is a restart (new client / reopened file) on the same data.</summary>
    protected abstract Task<ICandleStore> CreateStoreAsync();

    /// <summary>Overwrites the stored close of (<paramref name="symbol"/>, <paramref name="openTimeMs"/>) with text that is not a number.</summary>
    protected abstract Task CorruptCloseAsync(string symbol, long openTimeMs);

    [Fact]
    public async Task WriteThenRead_RealCandlesWithEveryColumn_RoundTripExactly()
    {
        var candles = RealCandles.TakeWithFlow(300);

        await Store.WriteAsync(Symbol, candles);
        var read = await Store.ReadAsync(Symbol, candles[0].OpenTimeMs, candles[^1].OpenTimeMs + Minute);

        Assert.Equal(candles, read);
    }

    [Fact]
    public async Task WriteThenRead_OhlcvOnly_UnknownColumnsComeBackAsUnknown()
    {
        var candles = RealCandles.Take(5);

        await Store.WriteAsync(Symbol, candles);
        var read = await Store.ReadAsync(Symbol, candles[0].OpenTimeMs, candles[^1].OpenTimeMs + Minute);

        Assert.Equal(candles, read);
        Assert.All(read, c => Assert.True(c.Trades == -1 && double.IsNaN(c.BuyVolume) && double.IsNaN(c.SellVolume)));
    }

    [Fact]
    public async Task Read_TimeSpan_ReturnsOpenTimesInHalfOpenRangeInOrder()
    {
        var candles = RealCandles.Take(60);
        await Store.WriteAsync(Symbol, candles.Reverse().ToArray());

        // From 10.5 minutes in (not aligned) to exactly minute 20 (exclusive): minutes 11..19.
        var from = candles[10].OpenTimeMs + (Minute / 2);
        var to = candles[20].OpenTimeMs;
        var read = await Store.ReadAsync(Symbol, from, to);

        Assert.Equal(candles[11..20], read);
    }

    [Fact]
    public async Task Read_OtherSymbolsWithSharedPrefix_AreNotMixedIn()
    {
        var candles = RealCandles.Take(10);
        await Store.WriteAsync("BTC", candles.Select(c => c with { Close = 1 }).ToArray());
        await Store.WriteAsync(Symbol, candles);
        await Store.WriteAsync("BTCUSDTX", candles.Select(c => c with { Close = 2 }).ToArray());

        var read = await Store.ReadAsync(Symbol, 0, long.MaxValue);

        Assert.Equal(candles, read);
    }

    [Fact]
    public async Task Read_EmptyOrUnwrittenRange_ReturnsNothing()
    {
        var candles = RealCandles.Take(5);
        await Store.WriteAsync(Symbol, candles);

        Assert.Empty(await Store.ReadAsync(Symbol, candles[0].OpenTimeMs, candles[0].OpenTimeMs));
        Assert.Empty(await Store.ReadAsync(Symbol, candles[^1].OpenTimeMs + Minute, candles[^1].OpenTimeMs + (10 * Minute)));
        Assert.Empty(await Store.ReadAsync("ETHUSDT", 0, long.MaxValue));
    }

    [Fact]
    public async Task Write_SameCandlesTwice_IsIdempotent()
    {
        var candles = RealCandles.TakeWithFlow(20);

        await Store.WriteAsync(Symbol, candles);
        await Store.WriteAsync(Symbol, candles);
        var read = await Store.ReadAsync(Symbol, 0, long.MaxValue);

        Assert.Equal(candles, read);
    }

    [Fact]
    public async Task Write_Rewrite_LatestValueWinsAndNoStaleColumnSurvives()
    {
        var first = RealCandles.TakeWithFlow(3);
        var second = first.Select(c => c with { Close = c.Close + 1.5, Trades = -1, BuyVolume = double.NaN, SellVolume = double.NaN }).ToArray();

        await Store.WriteAsync(Symbol, first);
        await Store.WriteAsync(Symbol, second);
        var read = await Store.ReadAsync(Symbol, 0, long.MaxValue);

        Assert.Equal(second, read);
    }

    [Fact]
    public async Task Write_ManyCandles_AllReadBack()
    {
        var candles = RealCandles.Take(2_500);

        await Store.WriteAsync(Symbol, candles);
        var read = await Store.ReadAsync(Symbol, 0, long.MaxValue);

        Assert.Equal(candles, read);
    }

    [Fact]
    public async Task Read_AfterRestart_SeesEverythingWritten()
    {
        var candles = RealCandles.TakeWithFlow(50);
        await Store.WriteAsync(Symbol, candles);

        var restarted = await CreateStoreAsync();
        var read = await restarted.ReadAsync(Symbol, 0, long.MaxValue);

        Assert.Equal(candles, read);
    }

    [Fact]
    public async Task Read_MalformedStoredValue_ThrowsCorruptRecordNamingTheRow()
    {
        var candles = RealCandles.Take(3);
        await Store.WriteAsync(Symbol, candles);
        await CorruptCloseAsync(Symbol, candles[1].OpenTimeMs);

        var error = await Assert.ThrowsAsync<CorruptRecordException>(() => Store.ReadAsync(Symbol, 0, long.MaxValue));

        Assert.Contains(Symbol, error.Message);
        Assert.Contains("close", error.Message);
    }

    [Fact]
    public async Task Write_OpenTimeNotOnAMinute_ThrowsNamingTheCandle()
    {
        var candle = RealCandles.Take(1)[0];
        var bad = candle with { OpenTimeMs = candle.OpenTimeMs + 1_000 };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(Symbol, [candle, bad]));

        Assert.Contains("candle 1", error.Message);
        Assert.Empty(await Store.ReadAsync(Symbol, 0, long.MaxValue));
    }

    [Fact]
    public async Task Write_NonFinitePriceOrBadSymbol_Throws()
    {
        var candle = RealCandles.Take(1)[0];

        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(Symbol, [candle with { High = double.NaN }]));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync("BTC/USDT", [candle]));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ReadAsync(Symbol, 10, 5));
    }
}
