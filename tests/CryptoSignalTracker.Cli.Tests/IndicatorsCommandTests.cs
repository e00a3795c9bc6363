using System.Globalization;
using System.Text.Json;
using CryptoSignalTracker.Cli.Commands;

namespace CryptoSignalTracker.Cli.Tests;

public sealed class IndicatorsCommandTests : IDisposable
{
    private const double Tolerance = 1e-9;

    private static readonly string _dataDirectory = Path.Combine(AppContext.BaseDirectory, "data");
    private static readonly string _skenderQuotes = Path.Combine(_dataDirectory, "reference", "skender", "default.csv");

    private readonly string _temp = Directory.CreateTempSubdirectory("cst-indicators-").FullName;

    public static TheoryData<string, string, string> ReferenceColumns => new()
    {
        { "rsi14", "rsi", "rsi" },
        { "ema20", "ema", "ema" },
        { "sma20", "sma", "sma" },
        { "atr14", "atr", "atr" },
        { "macd", "macd", "macd" },
        { "macd_signal", "macd", "signal" },
        { "macd_hist", "macd", "histogram" },
        { "bb_mid", "bb", "sma" },
        { "bb_upper", "bb", "upperBand" },
        { "bb_lower", "bb", "lowerBand" },
        { "obv", "obv", "obv" },
    };

    [Theory]
    [MemberData(nameof(ReferenceColumns))]
    public void Run_SkenderQuotes_ColumnMatchesReferenceSeries(string column, string file, string field)
    {
        var output = Path.Combine(_temp, "out", "indicators.csv");

        var (exitCode, stdout, stderr) = ConsoleCapture.Run("indicators", "--candles", _skenderQuotes, "--out", output);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, stderr);
        Assert.Contains(output, stdout);
        var (header, rows) = ParseCsv(File.ReadAllText(output));
        var actual = rows.Select(r => r[Array.IndexOf(header, column)]).ToArray();
        var expected = ReferenceSeries(file, field);
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i] is not { } value)
            {
                Assert.True(actual[i].Length == 0, $"{column}[{i}] should be empty during warm-up, is '{actual[i]}'");
                continue;
            }

            var got = double.Parse(actual[i], CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(value - got) <= Tolerance, $"{column}[{i}]: expected {value:R}, got {got:R}");
        }
    }

    [Fact]
    public void Run_NoOut_WritesHeaderAndOneIsoRowPerCandleToStdout()
    {
        var (exitCode, stdout, stderr) = ConsoleCapture.Run("indicators", "--candles", _skenderQuotes);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, stderr);
        var (header, rows) = ParseCsv(stdout);
        Assert.Equal(IndicatorsCommand.Header.Split(','), header);
        Assert.Equal(File.ReadLines(_skenderQuotes).Count() - 1, rows.Length);
        Assert.Equal(["2017-01-03T00:00:00Z", "212.8"], rows[0][..2]);
        Assert.Equal("0", rows[0][^1]);
        Assert.All(rows, r => Assert.Equal(header.Length, r.Length));
    }

    [Fact]
    public void Run_BadRow_ExitsNonZeroWithOneLineNamingFileAndLine()
    {
        var bad = Path.Combine(_temp, "bad.csv");
        File.WriteAllLines(bad, ["timestamp,open,high,low,close,volume", "2025-05-30 16:39:00+00:00,1,2,0.5,1.5,3", "2025-05-30 16:40:00+00:00,1,x,0.5,1.5,3"]);

        var (exitCode, stdout, stderr) = ConsoleCapture.Run("indicators", "--candles", bad);

        Assert.NotEqual(0, exitCode);
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("cst: ", line);
        Assert.Contains($"{bad}:3", line);
        Assert.Contains("high", line);
    }

    [Fact]
    public void Run_MissingFile_ExitsNonZeroWithOneLineNamingTheFile()
    {
        var missing = Path.Combine(_temp, "missing.csv");

        var (exitCode, stdout, stderr) = ConsoleCapture.Run("indicators", "--candles", missing);

        Assert.NotEqual(0, exitCode);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains(missing, Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void Run_WithoutCandles_ExitsNonZeroSayingCandlesIsRequired()
    {
        var (exitCode, _, stderr) = ConsoleCapture.Run("indicators");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--candles", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void Run_TwoCandleFiles_ExitsNonZeroSayingItReadsOne()
    {
        var (exitCode, stdout, stderr) = ConsoleCapture.Run("indicators", "--candles", _skenderQuotes, _skenderQuotes);

        Assert.NotEqual(0, exitCode);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("one candle file, got 2", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static (string[] Header, string[][] Rows) ParseCsv(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (lines[0].Split(','), [.. lines.Skip(1).Select(l => l.Split(','))]);
    }

    private static double?[] ReferenceSeries(string file, string field)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dataDirectory, "reference", "skender", "results", $"{file}.standard.json")));
        return
        [
            .. json.RootElement.EnumerateArray().Select(row =>
                row.GetProperty(field) is { ValueKind: not JsonValueKind.Null } value ? value.GetDouble() : (double?)null),
        ];
    }
}
