using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Tests.Data;

public sealed class TradeCsvReaderTests
{
    private const string Capture = "sample/binance_usdm_ETHUSDT_trades_hftbacktest.csv";
    private const string CaptureHeader = "trade_time_ms,event_time_ms,local_recv_ns,market,symbol,trade_id,price,qty,is_buyer_maker,source_file";
    private const string Source = "trades.csv";

    private static readonly Lazy<IReadOnlyList<Trade>> CaptureTrades = new(() => TradeCsvReader.ReadFile(DataFiles.Bundled(Capture)));

    // the first rows of the bundled ETHUSDT capture
    private static readonly string[] CaptureRows =
    [
        "1721347022707,1721347022708,1721347021186954583,usdm,ETHUSDT,4217896584,3424.98,0.007,true,ethusdt_20240718.gz",
        "1721347023064,1721347023065,1721347021543987254,usdm,ETHUSDT,4217896585,3424.98,0.003,true,ethusdt_20240718.gz",
        "1721347023064,1721347023065,1721347021543987254,usdm,ETHUSDT,4217896586,3424.99,0.5,false,ethusdt_20240718.gz",
    ];

    [Fact]
    public void ReadFile_BundledCapture_ReadsEveryTrade()
    {
        var trades = CaptureTrades.Value;

        Assert.Equal(27_731, trades.Count);
        Assert.Equal(new Trade(1721347022707, "ETHUSDT", TakerSide.Sell, 3424.98, 0.007, TradeId.FromNumber(4217896584)), trades[0]);
        Assert.All(trades.Zip(trades.Skip(1)), pair => Assert.True(pair.Second.TimeMs >= pair.First.TimeMs));
        Assert.Contains(trades, t => t.Side == TakerSide.Buy);
    }

    [Theory]
    [MemberData(nameof(SharedFiles))]
    public void ReadFile_SharedCaptures_ReadEveryRow(string file)
    {
        var path = DataFiles.Shared(file);
        var trades = TradeCsvReader.ReadFile(path);

        Assert.Equal(File.ReadLines(path).Count() - 1, trades.Count);
        Assert.Single(trades.Select(t => t.Symbol).Distinct());
        Assert.Equal(trades.Count, trades.Select(t => t.Id).Distinct().Count());
    }

    public static TheoryData<string> SharedFiles() => [.. DataFiles.SharedTradeFiles];

    [Fact]
    public void Read_BybitArchiveLayout_GivesTheSameTrades()
    {
        var real = CaptureTrades.Value.Take(2_000).ToArray();

        var trades = TradeCsvReader.Read(new StringReader(TradeLayouts.BybitArchive(real)), Source, symbol: null);

        Assert.Equal(real.Select(t => (t.TimeMs, t.Symbol, t.Side, t.Price, t.Size)), trades.Select(t => (t.TimeMs, t.Symbol, t.Side, t.Price, t.Size)));
        Assert.Equal(real.Select(t => TradeId.Parse(TradeLayouts.Uuid(t.Id))), trades.Select(t => t.Id));
    }

    [Fact]
    public void Read_BybitArchiveNewestFirst_IsReturnedOldestFirst()
    {
        var real = CaptureTrades.Value.Take(500).ToArray();
        var ascending = TradeCsvReader.Read(new StringReader(TradeLayouts.BybitArchive(real)), Source, null);
        var lines = TradeLayouts.BybitArchive(real).TrimEnd('\n').Split('\n');
        var newestFirst = string.Join('\n', [lines[0], .. lines.Skip(1).Reverse()]);

        var trades = TradeCsvReader.Read(new StringReader(newestFirst), Source, null);

        Assert.Equal(ascending, trades);
    }

    [Fact]
    public void Read_BybitArchiveThatChangesDirection_IsAnError()
    {
        var real = CaptureTrades.Value.DistinctBy(t => t.TimeMs).Take(10).ToArray();
        var lines = TradeLayouts.BybitArchive(real).TrimEnd('\n').Split('\n');
        var text = string.Join('\n', [lines[0], lines[5], lines[4], lines[6]]);

        var ex = Assert.Throws<DataFormatException>(() => TradeCsvReader.Read(new StringReader(text), Source, null));

        Assert.Equal(4, ex.Line);
        Assert.Contains("newest-first", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BinanceLayout_TakesTheSymbolFromTheFileName()
    {
        var real = CaptureTrades.Value.Take(1_000).ToArray();

        var trades = TradeCsvReader.Read(new StringReader(TradeLayouts.Binance(real)), "/tmp/ETHUSDT-trades-2024-07-18.csv", null);

        Assert.Equal(real, trades);
    }

    [Fact]
    public void Read_BinanceLayout_TakesTheSymbolFromTheArgument()
    {
        var real = CaptureTrades.Value.Take(100).ToArray();

        var trades = TradeCsvReader.Read(new StringReader(TradeLayouts.Binance(real)), Source, "ethusdt");

        Assert.Equal(real, trades);
    }

    [Fact]
    public void Read_HeaderlessBinanceWithBestMatchColumn_ReadsFirstLineAsData()
    {
        var real = CaptureTrades.Value.Take(100).ToArray();

        var trades = TradeCsvReader.Read(new StringReader(TradeLayouts.Binance(real, header: false, bestMatchColumn: true)), "ETHUSDT-trades-2024-07-18.csv", null);

        Assert.Equal(real, trades);
    }

    [Fact]
    public void Read_BinanceWithoutAnySymbol_SaysToPassOne()
    {
        var text = TradeLayouts.Binance(CaptureTrades.Value.Take(3));

        var ex = Assert.Throws<DataFormatException>(() => TradeCsvReader.Read(new StringReader(text), "trades.csv", null));

        Assert.Contains("pass the symbol", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EqualTimes_AreFine()
    {
        var trades = TradeCsvReader.Read(new StringReader(Csv(CaptureHeader, CaptureRows)), Source, null);

        Assert.Equal(3, trades.Count);
        Assert.Equal(TakerSide.Buy, trades[2].Side);
        Assert.Equal(trades[1].TimeMs, trades[2].TimeMs);
    }

    [Fact]
    public void Read_ByteOrderMark_IsAccepted() =>
        Assert.Equal(3, TradeCsvReader.Read(new StringReader("\uFEFF" + Csv(CaptureHeader, CaptureRows)), Source, null).Count);

    [Theory]
    [InlineData("1721347023064,1721347023065,1721347021543987254,usdm,ETHUSDT,4217896587,3424.99", "row has 7 columns, the header has 10 (truncated row?)")]
    [InlineData("1721347023064,1721347023065,1721347021543987254,usdm,ETHUSDT,4217896587,3424.99x,0.5,false,f.gz", "price '3424.99x' is not a number")]
    [InlineData("1721347023064,1721347023065,1721347021543987254,usdm,ETHUSDT,4217896587,-3424.99,0.5,false,f.gz", "price -3424.99 is not a positive price")]
    [InlineData("1721347023064,1721347023065,1721347021543987254,usdm,ETHUSDT,4217896587,3424.99,0,false,f.gz", "qty 0 is not a positive size")]
    [InlineData("1721347023064,1721347023065,1721347021543987254,usdm,ETHUSDT,4217896587,Infinity,0.5,false,f.gz", "price 'Infinity' is not a number")]
    [InlineData("1721347023064,1721347023065,1721347021543987254,usdm,ETHUSDT,4217896587,3424.99,0.5,maybe,f.gz", "is_buyer_maker 'maybe' is not true or false")]
    [InlineData("1721347023064,1721347023065,1721347021543987254,usdm,ETHUSDT,,3424.99,0.5,false,f.gz", "trade_id is empty")]
    [InlineData("1721347023064,1721347023065,1721347021543987254,usdm,BTCUSDT,4217896587,3424.99,0.5,false,f.gz", "symbol BTCUSDT differs from ETHUSDT")]
    [InlineData("1721347023063,1721347023065,1721347021543987254,usdm,ETHUSDT,4217896587,3424.99,0.5,false,f.gz", "time 2024-07-18T23:57:03.063Z is before the previous row's 2024-07-18T23:57:03.064Z")]
    [InlineData("2024-07-19 00:57:0x,1721347023065,1721347021543987254,usdm,ETHUSDT,4217896587,3424.99,0.5,false,f.gz", "trade_time_ms '2024-07-19 00:57:0x' is not a timestamp")]
    public void Read_BrokenCaptureRow_StopsWithFileLineAndProblem(string badRow, string problem)
    {
        var ex = Assert.Throws<DataFormatException>(() => TradeCsvReader.Read(new StringReader(Csv(CaptureHeader, [.. CaptureRows, badRow])), Source, null));

        Assert.Equal(Source, ex.Source);
        Assert.Equal(5, ex.Line);
        Assert.StartsWith(problem, ex.Problem, StringComparison.Ordinal);
        Assert.Equal($"{Source}:5: {ex.Problem}", ex.Message);
    }

    [Fact]
    public void Read_RowsOfAnotherSymbolThanRequested_AreAnError()
    {
        var ex = Assert.Throws<DataFormatException>(() => TradeCsvReader.Read(new StringReader(Csv(CaptureHeader, CaptureRows)), Source, "BTCUSDT"));

        Assert.Equal(2, ex.Line);
        Assert.Contains("not the requested BTCUSDT", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BybitArchiveBadSide_IsAnError()
    {
        var text = $"{TradeLayouts.BybitArchiveHeader}\n1721347022.7070,ETHUSDT,Hold,0.007,3424.98,ZeroPlusTick,00000000-0000-4000-8000-0000fb67e208,1,0.007,23.97\n";

        var ex = Assert.Throws<DataFormatException>(() => TradeCsvReader.Read(new StringReader(text), Source, null));

        Assert.Equal(2, ex.Line);
        Assert.Equal("side 'Hold' is not Buy or Sell", ex.Problem);
    }

    [Theory]
    [InlineData("timestamp,symbol,side,size,price")]
    [InlineData("id,price,qty,time,is_buyer_maker")]
    [InlineData("trade_time_ms,symbol,price,qty,is_buyer_maker")]
    public void Read_WrongHeader_StopsAtLineOne(string header)
    {
        var ex = Assert.Throws<DataFormatException>(() => TradeCsvReader.Read(new StringReader(header + "\n1,2,3,4,5\n"), Source, "ETHUSDT"));

        Assert.Equal(1, ex.Line);
        Assert.Contains("unrecognised trade header", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotASymbolArgument_Throws() =>
        Assert.Throws<ArgumentException>(() => TradeCsvReader.Read(new StringReader(Csv(CaptureHeader, CaptureRows)), Source, "eth/usdt"));

    private static string Csv(string header, IEnumerable<string> rows) => string.Join('\n', [header, .. rows]) + "\n";
}
