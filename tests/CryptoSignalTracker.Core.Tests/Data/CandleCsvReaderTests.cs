using System.Globalization;
using System.Text;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Tests.Data;

public sealed class CandleCsvReaderTests
{
    private const string BybitHeader = "timestamp,open,high,low,close,volume";
    private const string Source = "test.csv";

    // the first three rows of data/sample/bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv
    private static readonly string[] RealRows =
    [
        "2025-05-30 16:39:00+00:00,104217.5,104402.7,104200.0,104337.8,477.605",
        "2025-05-30 16:40:00+00:00,104337.8,104409.1,104230.8,104288.5,328.242",
        "2025-05-30 16:41:00+00:00,104288.5,104288.5,104150.0,104173.4,298.873",
    ];

    [Fact]
    public void ReadFile_BybitSample_ReadsEveryRowInOrder()
    {
        var candles = CandleCsvReader.ReadFile(DataFiles.Bundled("sample/bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv"));

        Assert.Equal(43_200, candles.Count);
        Assert.Equal(new Candle(1748623140000, 104217.5, 104402.7, 104200.0, 104337.8, 477.605), candles[0]);
        Assert.All(candles.Zip(candles.Skip(1)), pair => Assert.Equal(60_000, pair.Second.OpenTimeMs - pair.First.OpenTimeMs));
    }

    [Fact]
    public void ReadFile_SharedBybitCandles_ReadAllFiveSymbols()
    {
        foreach (var symbol in new[] { "ADAUSDT", "BTCUSDT", "DOGEUSDT", "ETHUSDT", "SOLUSDT" })
        {
            var candles = CandleCsvReader.ReadFile(DataFiles.Shared($"candles/bybit_linear_{symbol}_1m_2025-05-30_2025-06-29.csv"));
            // the files start between 16:39 and 16:42 UTC and have no gaps (shared data README)
            Assert.Equal(43_200, candles.Count);
            Assert.InRange(candles[0].OpenTimeMs, 1748623140000, 1748623320000);
            Assert.Equal(candles[0].OpenTimeMs + (43_199 * 60_000L), candles[^1].OpenTimeMs);
        }
    }

    [Fact]
    public void ReadFile_SkenderDailyQuotes_ReadsDatesAsUtcMidnight()
    {
        var candles = CandleCsvReader.ReadFile(DataFiles.Bundled("reference/skender/default.csv"));

        Assert.Equal(502, candles.Count);
        Assert.Equal(new Candle(1483401600000, 212.61, 213.35, 211.52, 212.8, 96708880), candles[0]);
        Assert.Equal(new DateTimeOffset(2018, 12, 31, 0, 0, 0, TimeSpan.Zero), candles[^1].OpenTime);
    }

    [Fact]
    public void Read_BinanceKlineLayout_ReadsMillisecondsTradeCountAndTakerBuyVolume()
    {
        // the real Bybit rows re-written in Binance's kline layout, with invented count and taker-buy columns
        var expected = CandleCsvReader.Read(new StringReader(Csv(BybitHeader, RealRows)), Source);
        var text = new StringBuilder("open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore\n");
        foreach (var c in expected)
        {
            text.Append(CultureInfo.InvariantCulture, $"{c.OpenTimeMs},{c.Open},{c.High},{c.Low},{c.Close},{c.Volume},{c.OpenTimeMs + 59_999},0,{c.OpenTimeMs % 997},{c.Volume / 4},0,0\n");
        }

        var candles = CandleCsvReader.Read(new StringReader(text.ToString()), Source);

        Assert.Equal(expected.Select(c => (c.OpenTimeMs, c.Open, c.High, c.Low, c.Close, c.Volume)), candles.Select(c => (c.OpenTimeMs, c.Open, c.High, c.Low, c.Close, c.Volume)));
        Assert.Equal(expected.Select(c => (int)(c.OpenTimeMs % 997)), candles.Select(c => c.Trades));
        Assert.Equal(expected.Select(c => c.Volume / 4), candles.Select(c => c.BuyVolume));
        Assert.Equal(expected.Select(c => c.Volume - (c.Volume / 4)), candles.Select(c => c.SellVolume));
    }

    [Fact]
    public void Read_HeaderlessBinanceKlines_ReadsFirstLineAsData()
    {
        const string text = "1748623140000,104217.5,104402.7,104200.0,104337.8,477.605,1748623199999,0,1200,200.5,0,0\n"
            + "1748623200000,104337.8,104409.1,104230.8,104288.5,328.242,1748623259999,0,900,100,0,0\n";

        var candles = CandleCsvReader.Read(new StringReader(text), Source);

        Assert.Equal(2, candles.Count);
        Assert.Equal(new Candle(1748623140000, 104217.5, 104402.7, 104200.0, 104337.8, 477.605, 1200, 200.5, 477.605 - 200.5), candles[0]);
    }

    [Fact]
    public void Read_AggregateOutputColumns_ReadsTradesAndSideVolumes()
    {
        const string text = "timestamp,open,high,low,close,volume,trades,buy_volume,sell_volume\n"
            + "2024-07-18T23:57:00Z,3424.98,3425.5,3424,3425,10.5,42,6.25,4.25\n";

        var candle = Assert.Single(CandleCsvReader.Read(new StringReader(text), Source));

        Assert.Equal(new Candle(1721347020000, 3424.98, 3425.5, 3424, 3425, 10.5, 42, 6.25, 4.25), candle);
    }

    [Fact]
    public void Read_ByteOrderMarkAndCrLf_AreAccepted()
    {
        var text = "\uFEFF" + string.Join("\r\n", [BybitHeader, .. RealRows]) + "\r\n\r\n";

        Assert.Equal(3, CandleCsvReader.Read(new StringReader(text), Source).Count);
    }

    [Fact]
    public void ReadFile_Utf8BomOnDisk_IsAccepted()
    {
        var path = Path.Combine(Path.GetTempPath(), $"candles-bom-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, Csv(BybitHeader, RealRows), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            Assert.Equal(3, CandleCsvReader.ReadFile(path).Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("2025-05-30T16:39:00Z")]
    [InlineData("2025-05-30T16:39Z")]
    [InlineData("2025-05-30 16:39")]
    [InlineData("1748623140")]
    [InlineData("1748623140.000")]
    [InlineData("1748623140000")]
    public void Read_EachTimestampForm_GivesTheSameOpenTime(string timestamp)
    {
        var candle = Assert.Single(CandleCsvReader.Read(new StringReader($"{BybitHeader}\n{timestamp},1,2,0.5,1.5,10\n"), Source));

        Assert.Equal(1748623140000, candle.OpenTimeMs);
    }

    [Theory]
    [InlineData("2025-05-30 16:42:00+00:00,104173.4,104200.0,104100.0", 5, "row has 4 columns, the header has 6 (truncated row?)")]
    [InlineData("2025-05-30 16:42:00+00:00,104173.4,104200.0,104100.0,104150.0,12,7", 5, "row has 7 columns, the header has 6")]
    [InlineData("2025-05-30 16:42:00+00:00,104173.4,104200.0,104100.0,1041x0.0,12", 5, "close '1041x0.0' is not a number")]
    [InlineData("2025-05-30 16:42:00+00:00,NaN,104200.0,104100.0,104150.0,12", 5, "open 'NaN' is not a number")]
    [InlineData("2025-05-30 16:42:00+00:00,104173.4,104200.0,-104100.0,104150.0,12", 5, "low -104100.0 is not a positive price")]
    [InlineData("2025-05-30 16:42:00+00:00,104173.4,104200.0,104100.0,104150.0,-12", 5, "volume -12 is negative")]
    [InlineData("2025-05-30 16:42:00+00:00,104173.4,104000.0,104100.0,104050.0,12", 5, "high 104000 is below low 104100")]
    [InlineData("2025-05-30 16:42:00+00:00,104373.4,104200.0,104100.0,104150.0,12", 5, "open 104373.4 or close 104150 is outside low 104100 .. high 104200")]
    [InlineData("2025-05-30 25:42:00+00:00,104173.4,104200.0,104100.0,104150.0,12", 5, "timestamp '2025-05-30 25:42:00+00:00' is not a timestamp")]
    [InlineData("2025-05-30 16:41:00+00:00,104173.4,104200.0,104100.0,104150.0,12", 5, "time 2025-05-30T16:41:00Z is not after the previous row's 2025-05-30T16:41:00Z")]
    [InlineData("2025-05-30 16:40:30+00:00,104173.4,104200.0,104100.0,104150.0,12", 5, "time 2025-05-30T16:40:30Z is not after the previous row's 2025-05-30T16:41:00Z")]
    public void Read_BrokenRow_StopsWithFileLineAndProblem(string badRow, long line, string problem)
    {
        var ex = Assert.Throws<DataFormatException>(() => CandleCsvReader.Read(new StringReader(Csv(BybitHeader, [.. RealRows, badRow, RealRows[0]])), Source));

        Assert.Equal(Source, ex.Source);
        Assert.Equal(line, ex.Line);
        Assert.StartsWith(problem, ex.Problem, StringComparison.Ordinal);
        Assert.Equal($"{Source}:{line}: {ex.Problem}", ex.Message);
    }

    [Theory]
    [InlineData("time,open,high,low,close,volume")]
    [InlineData("timestamp,open,high,low,close")]
    [InlineData("timestamp,open,low,high,close,volume")]
    [InlineData("open_time,open,high,low,close,volume")]
    [InlineData("timestamp,open,high,low,close,volume,sell_volume")]
    [InlineData("2025-05-30 16:39:00+00:00,104217.5,104402.7,104200.0,104337.8,477.605")]
    public void Read_WrongHeader_StopsAtLineOne(string header)
    {
        var ex = Assert.Throws<DataFormatException>(() => CandleCsvReader.Read(new StringReader(Csv(header, RealRows)), Source));

        Assert.Equal(1, ex.Line);
    }

    [Fact]
    public void Read_WrongHeader_SaysWhichHeadersAreExpected()
    {
        var ex = Assert.Throws<DataFormatException>(() => CandleCsvReader.Read(new StringReader("a,b,c\n1,2,3\n"), Source));

        Assert.Contains("unrecognised candle header 'a,b,c'", ex.Problem, StringComparison.Ordinal);
        Assert.Contains("timestamp,open,high,low,close,volume", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BlankLineInTheMiddle_IsAnError()
    {
        var ex = Assert.Throws<DataFormatException>(() => CandleCsvReader.Read(new StringReader($"{BybitHeader}\n{RealRows[0]}\n\n{RealRows[1]}\n"), Source));

        Assert.Equal(3, ex.Line);
        Assert.Contains("blank line", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyInput_IsAnError()
    {
        var ex = Assert.Throws<DataFormatException>(() => CandleCsvReader.Read(new StringReader(string.Empty), Source));

        Assert.Equal(1, ex.Line);
        Assert.Contains("empty", ex.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\r\n")]
    public void Read_RealRowsWithOtherLineEndings_ReadAsWithNewlines(string ending)
    {
        // Issue 15, item 9: CR-only line endings put the whole file into the error's "line".
        var expected = CandleCsvReader.Read(new StringReader(BybitHeader + "\n" + string.Join("\n", RealRows) + "\n"), Source);

        var candles = CandleCsvReader.Read(new StringReader(BybitHeader + ending + string.Join(ending, RealRows) + ending), Source);

        Assert.Equal(3, expected.Count);
        Assert.Equal(expected, candles);
    }

    [Fact]
    public void Read_RealRowOffTheMinute_RefusedNamingLineAndTime()
    {
        var rows = (string[])RealRows.Clone();
        rows[1] = rows[1].Replace("16:40:00", "16:40:30", StringComparison.Ordinal);

        var ex = Assert.Throws<DataFormatException>(() => CandleCsvReader.Read(new StringReader(BybitHeader + "\n" + string.Join("\n", rows)), Source));

        Assert.Equal(3, ex.Line);
        Assert.Equal("time 2025-05-30T16:40:30Z is not on a whole minute (candle open times are whole minutes)", ex.Problem);
    }

    /// <summary>The reader's contract: a header with no rows is an empty list (the downloader resumes such a file); the CLI refuses it.</summary>
    [Fact]
    public void Read_HeaderOnly_GivesNoCandles() =>
        Assert.Empty(CandleCsvReader.Read(new StringReader(BybitHeader + "\n"), Source));

    [Fact]
    public void Read_VeryLongLine_IsReadAcrossBufferRefills()
    {
        var longVolume = "1." + new string('0', 200_000);
        var candle = Assert.Single(CandleCsvReader.Read(new StringReader($"{BybitHeader}\n{RealRows[0][..^8]},{longVolume}\n"), Source));

        Assert.Equal(1.0, candle.Volume);
    }

    private static string Csv(string header, IEnumerable<string> rows) => string.Join('\n', [header, .. rows]) + "\n";
}
