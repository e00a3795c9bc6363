namespace CryptoSignalTracker.Cli.Tests;

/// <summary>
/// Issue 14, item 4: <c>--candles data/sample/nope.csv</c> said "cannot tell the symbol from the file name"; every
/// command that reads a file must say the file does not exist, in one line, before anything else.
/// </summary>
public sealed class MissingFileTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("cst-missing-").FullName;

    [Theory]
    [InlineData("backtest", "--candles")]
    [InlineData("optimize", "--candles")]
    [InlineData("indicators", "--candles")]
    [InlineData("chart", "--candles")]
    [InlineData("aggregate", "--trades")]
    [InlineData("run", "--replay-candles")]
    [InlineData("run", "--replay-trades")]
    public void Run_MissingInputFile_SaysTheFileDoesNotExist(string command, string option)
    {
        var missing = Path.Combine(_temp, "nope.csv");
        string[] args = command == "chart" ? [command, option, missing, "--out", Path.Combine(_temp, "x.png")] : [command, option, missing];

        var (exitCode, stdout, stderr) = ConsoleCapture.Run(args);

        Assert.Equal(1, exitCode);
        Assert.Equal($"cst: {missing}: file does not exist", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('\r'));
        Assert.DoesNotContain("replay done", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtest_DirectoryGivenAsCandles_SaysItIsADirectory()
    {
        var (exitCode, _, stderr) = ConsoleCapture.Run("backtest", "--candles", _temp);

        Assert.Equal(1, exitCode);
        Assert.Equal($"cst: {_temp}: is a directory, not a file", stderr.Trim());
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
