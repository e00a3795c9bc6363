using System.IO.Compression;

namespace CryptoSignalTracker.Cli.Tests;

/// <summary>
/// Issue 15, item 9: a header-only candle file ran a 1970 backtest and exited 0; a gzip or random-bytes file printed a
/// DecoderFallbackException without the file's name; an off-minute timestamp was an ArgumentException in
/// <c>backtest</c> and accepted by <c>indicators</c>. Each is now one line naming the file and the problem.
/// </summary>
public sealed class CandleFileFaultTests : IDisposable
{
    private const string BtcName = "bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv";
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "data", "sample");
    private readonly string _temp = Directory.CreateTempSubdirectory("cst-candle-faults-").FullName;

    [Theory]
    [InlineData("backtest")]
    [InlineData("indicators")]
    [InlineData("run")]
    public void AnyCommand_HeaderOnlyCandleFile_RefusedSayingThereAreNoCandles(string command)
    {
        var path = Path.Combine(_temp, BtcName);
        File.WriteAllLines(path, File.ReadLines(Path.Combine(Sample, BtcName)).Take(1));

        var run = ConsoleCapture.Run(command, command == "run" ? "--replay-candles" : "--candles", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"cst: {path}: no candles after the header (an empty download?)", SingleLine(run.Error));
    }

    [Theory]
    [InlineData("backtest")]
    [InlineData("indicators")]
    public void AnyCommand_GzipCompressedCandleFile_ErrorNamesTheFile(string command)
    {
        var path = Path.Combine(_temp, "bybit_linear_BTCUSDT_1m_2025-05-30.csv");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        using (var source = File.OpenRead(Path.Combine(Sample, BtcName)))
        {
            source.CopyTo(gzip);
        }

        var run = ConsoleCapture.Run(command, "--candles", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"cst: {path}:1: the file is gzip-compressed; decompress it first (gunzip)", SingleLine(run.Error));
    }

    [Theory]
    [InlineData("backtest")]
    [InlineData("indicators")]
    public void AnyCommand_RandomBytesCandleFile_ErrorNamesTheFile(string command)
    {
        var path = Path.Combine(_temp, "bybit_linear_BTCUSDT_1m_random.csv");
        var bytes = new byte[4096];
        new Random(15).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        var run = ConsoleCapture.Run(command, "--candles", path);

        Assert.Equal(1, run.ExitCode);
        var line = SingleLine(run.Error);
        Assert.StartsWith($"cst: {path}:", line, StringComparison.Ordinal);
        Assert.EndsWith("bytes that are not UTF-8 text: a compressed or binary file, not a CSV?", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("backtest")]
    [InlineData("indicators")]
    public void AnyCommand_RealFileWithOneOffMinuteRow_RefusedNamingFileLineAndTime(string command)
    {
        var path = Path.Combine(_temp, BtcName);
        var lines = File.ReadLines(Path.Combine(Sample, BtcName)).Take(1 + 1440).ToArray();
        lines[100] = lines[100].Replace(":00+00:00", ":30+00:00", StringComparison.Ordinal);
        File.WriteAllLines(path, lines);

        var run = ConsoleCapture.Run(command, "--candles", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Matches($"^cst: {System.Text.RegularExpressions.Regex.Escape(path)}:101: time 2025-05-30T18:18:30Z is not on a whole minute", SingleLine(run.Error));
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string SingleLine(string error) => Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('\r');
}
