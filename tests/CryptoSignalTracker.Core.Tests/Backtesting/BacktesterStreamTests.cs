using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Data;

namespace CryptoSignalTracker.Core.Tests.Backtesting;

/// <summary>
/// <c>cst backtest</c> reads its files piece by piece while the backtest runs (so a year of candles is never in memory);
/// these tests hold that this gives exactly the result of the in-memory run, byte for byte.
/// </summary>
public sealed class BacktesterStreamTests
{
    private static readonly TradingConfig Defaults = new();
    private static readonly string[] Files =
    [
        Path.Combine(AppContext.BaseDirectory, "data", "sample", "bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv"),
        Path.Combine(AppContext.BaseDirectory, "data", "sample", "bybit_linear_SOLUSDT_1m_2025-05-30_2025-06-29.csv"),
    ];

    [Theory]
    [InlineData(1000, null, null, false)]
    [InlineData(7, null, null, false)]
    [InlineData(4096, "2025-06-10T00:00:00Z", "2025-06-20T12:34:00Z", false)]
    [InlineData(333, null, "2025-06-05T00:00:00Z", false)]
    [InlineData(1000, null, null, true)]
    [InlineData(7, null, null, true)]
    [InlineData(4096, "2025-06-10T00:00:00Z", "2025-06-20T12:34:00Z", true)]
    [InlineData(333, null, "2025-06-05T00:00:00Z", true)]
    public void Run_FilesReadInPieces_GivesByteIdenticalJsonToInMemoryRun(int piece, string? from, string? to, bool decideAhead)
    {
        var options = new BacktestOptions
        {
            FromMs = from is null ? null : TimestampParser.Parse(from),
            ToMs = to is null ? null : TimestampParser.Parse(to),
        };
        var streamedOptions = options with { DecideAhead = decideAhead };
        var streams = new[]
        {
            new SymbolStream("BTCUSDT", CandleCsvReader.ReadFileChunks(Files[0], piece), 43_200),
            new SymbolStream("SOLUSDT", CandleCsvReader.ReadFileChunks(Files[1], piece), 43_200),
        };

        var streamed = Backtester.Run(streams, Defaults, streamedOptions);
        var inMemory = Backtester.Run(RealData.BtcAndSol, Defaults, options);

        Assert.NotEmpty(inMemory.Trades);
        Assert.NotEmpty(inMemory.Biases);
        Assert.NotEmpty(inMemory.Skipped);
        Assert.Equal(inMemory.Trades, streamed.Trades);
        Assert.Equal(inMemory.Signals, streamed.Signals);
        Assert.Equal(Json(inMemory), Json(streamed));
    }

    [Fact]
    public void Run_DecideAheadWithoutMacro_GivesTheInMemoryRun()
    {
        var config = new TradingConfig { MacroEnabled = false };
        var streams = new[]
        {
            new SymbolStream("BTCUSDT", CandleCsvReader.ReadFileChunks(Files[0], 5000), 43_200),
            new SymbolStream("SOLUSDT", CandleCsvReader.ReadFileChunks(Files[1], 5000), 43_200),
        };

        var streamed = Backtester.Run(streams, config, new BacktestOptions { DecideAhead = true });
        var inMemory = Backtester.Run(RealData.BtcAndSol, config);

        Assert.NotEmpty(inMemory.Trades);
        Assert.Empty(inMemory.Biases);
        Assert.Equal(Json(inMemory), Json(streamed));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_StreamWithBadRowLate_ThrowsTheCsvLineAfterTradingStarted(bool decideAhead)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bybit_linear_BTCUSDT_1m_bad-{Guid.NewGuid():N}.csv");
        try
        {
            var lines = File.ReadAllLines(Files[0]);
            lines[40_000] = lines[40_000].Replace(",", ",x", StringComparison.Ordinal);
            File.WriteAllLines(path, lines);

            var ex = Assert.Throws<DataFormatException>(() => Backtester.Run(
                [new SymbolStream("BTCUSDT", CandleCsvReader.ReadFileChunks(path, 1000), 43_200)], Defaults, new BacktestOptions { DecideAhead = decideAhead }));

            Assert.Equal(path, ex.Source);
            Assert.Equal(40_001, ex.Line);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Run_ToBeforeTheEnd_StopsReadingTheStream()
    {
        var pieces = 0;
        IEnumerable<ReadOnlyMemory<Domain.Candle>> Counted()
        {
            foreach (var piece in CandleCsvReader.ReadFileChunks(Files[0], 1000))
            {
                pieces++;
                yield return piece;
            }
        }

        Backtester.Run([new SymbolStream("BTCUSDT", Counted(), 43_200)], Defaults, new BacktestOptions { ToMs = RealData.BtcAndSol[0].Candles[4_500].OpenTimeMs });

        Assert.Equal(5, pieces);
    }

    private static string Json(BacktestResult result)
    {
        using var stream = new MemoryStream();
        BacktestJson.Write(result, stream);
        return Convert.ToHexString(stream.ToArray());
    }
}
