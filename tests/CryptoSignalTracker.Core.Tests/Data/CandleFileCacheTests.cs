using System.Text;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Tests.Data;

/// <summary>
/// The binary cache beside a candle CSV: used only while the CSV's size and time are unchanged and the cache is whole;
/// anything else falls back to the CSV, with the CSV's rules and errors, and never gives different candles.
/// </summary>
public sealed class CandleFileCacheTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"candle-cache-{Guid.NewGuid():N}");
    private readonly string _csv;
    private readonly IReadOnlyList<Candle> _expected;

    public CandleFileCacheTests()
    {
        Directory.CreateDirectory(_dir);
        _csv = Path.Combine(_dir, "bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv");
        File.Copy(DataFiles.Bundled("sample/bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv"), _csv);
        _expected = CandleCsvReader.ReadFile(_csv);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Read_FirstAndSecondTime_WritesCacheAndGivesTheCsvCandles()
    {
        Assert.False(File.Exists(CandleFileCache.PathFor(_csv)));

        Assert.Equal(_expected, CandleFileCache.Read(_csv));
        Assert.True(CandleFileCache.IsValid(_csv));
        Assert.Equal(_expected, CandleFileCache.Read(_csv));
        Assert.Equal(_expected, Streamed(out var expected));
        Assert.Equal(43_200, expected);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void Read_CsvEditedToSameSizeAndNewTime_ReadsTheCsvAgain()
    {
        CandleFileCache.Read(_csv);
        var text = File.ReadAllText(_csv);
        var edited = text.Replace("104337.8,477.605", "104337.8,477.606", StringComparison.Ordinal);
        Assert.Equal(text.Length, edited.Length);
        File.WriteAllText(_csv, edited);
        File.SetLastWriteTimeUtc(_csv, File.GetLastWriteTimeUtc(_csv).AddSeconds(5));

        Assert.False(CandleFileCache.IsValid(_csv));
        var candles = CandleFileCache.Read(_csv);

        Assert.Equal(477.606, candles[0].Volume);
        Assert.True(CandleFileCache.IsValid(_csv));
    }

    [Fact]
    public void Read_CsvGrownKeepingItsTime_ReadsTheCsvAgain()
    {
        CandleFileCache.Read(_csv);
        var time = File.GetLastWriteTimeUtc(_csv);
        File.AppendAllText(_csv, "2025-06-29 16:39:00+00:00,1,2,0.5,1.5,10\n");
        File.SetLastWriteTimeUtc(_csv, time);

        var candles = CandleFileCache.Read(_csv);

        Assert.Equal(43_201, candles.Length);
        Assert.Equal(1.5, candles[^1].Close);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped byte")]
    [InlineData("bad magic")]
    [InlineData("empty")]
    public void Read_DamagedCache_FallsBackToTheCsvAndRewritesIt(string damage)
    {
        CandleFileCache.Read(_csv);
        Damage(damage);
        Assert.False(CandleFileCache.IsValid(_csv));

        Assert.Equal(_expected, CandleFileCache.Read(_csv));
        Assert.True(CandleFileCache.IsValid(_csv));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped byte")]
    public void ReadChunks_DamagedCache_FallsBackToTheCsv(string damage)
    {
        CandleFileCache.Read(_csv);
        Damage(damage);

        Assert.Equal(_expected, Streamed(out _));
        Assert.True(CandleFileCache.IsValid(_csv));
    }

    [Fact]
    public void ReadChunks_StoppedBeforeTheEnd_LeavesNoCache()
    {
        using (var pieces = CandleFileCache.ReadChunks(_csv, out _, 1000).GetEnumerator())
        {
            Assert.True(pieces.MoveNext());
        }

        Assert.False(File.Exists(CandleFileCache.PathFor(_csv)));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void ReadChunks_BadRow_NamesTheCsvLineAndLeavesNoCache()
    {
        var lines = File.ReadAllLines(_csv);
        lines[30_000] = lines[30_000].Replace(",", ",,", StringComparison.Ordinal);
        File.WriteAllLines(_csv, lines);

        var ex = Assert.Throws<DataFormatException>(() => Streamed(out _));

        Assert.Equal($"{_csv}:30001: row has 11 columns, the header has 6", ex.Message);
        Assert.False(File.Exists(CandleFileCache.PathFor(_csv)));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void Read_TradeCountsAndSideVolumes_SurviveTheCache()
    {
        var path = Path.Combine(_dir, "aggregated.csv");
        var text = new StringBuilder("timestamp,open,high,low,close,volume,trades,buy_volume,sell_volume\n");
        foreach (var c in _expected.Take(500))
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{WireNames.Time(c.OpenTimeMs)},{c.Open},{c.High},{c.Low},{c.Close},{c.Volume},{c.OpenTimeMs % 97},{c.Volume / 3},{c.Volume - (c.Volume / 3)}\n");
        }

        File.WriteAllText(path, text.ToString());
        var fromCsv = CandleCsvReader.ReadFile(path);

        CandleFileCache.Read(path);
        Assert.True(CandleFileCache.IsValid(path));

        Assert.Equal(fromCsv, CandleFileCache.Read(path));
        Assert.Equal(_expected[7].OpenTimeMs % 97, CandleFileCache.Read(path)[7].Trades);
    }

    private List<Candle> Streamed(out long expected)
    {
        var all = new List<Candle>();
        foreach (var piece in CandleFileCache.ReadChunks(_csv, out expected, 1000))
        {
            all.AddRange(piece.Span);
        }

        return all;
    }

    private void Damage(string how)
    {
        var cache = CandleFileCache.PathFor(_csv);
        var bytes = File.ReadAllBytes(cache);
        switch (how)
        {
            case "truncated":
                File.WriteAllBytes(cache, bytes[..^100]);
                break;
            case "flipped byte":
                bytes[^1000] ^= 0x10;
                File.WriteAllBytes(cache, bytes);
                break;
            case "bad magic":
                bytes[0] = (byte)'X';
                File.WriteAllBytes(cache, bytes);
                break;
            default:
                File.WriteAllBytes(cache, []);
                break;
        }
    }
}
