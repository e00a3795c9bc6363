namespace CryptoSignalTracker.Cli.Tests;

/// <summary>
/// Issue 14, item 1: a typo in an option name used to be ignored (exit 0, defaults used), so
/// <c>backtest --form T</c> backtested the whole month. Every command now refuses it before doing anything.
/// </summary>
public sealed class StrictOptionsTests
{
    private static readonly string Btc = Path.Combine(AppContext.BaseDirectory, "data", "sample", "bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv");
    private static readonly string Trades = Path.Combine(AppContext.BaseDirectory, "data", "sample", "binance_usdm_ETHUSDT_trades_hftbacktest.csv");

    public static TheoryData<string[], string, string> Typos() => new()
    {
        // the issue's own three
        { ["backtest", "--candles", Btc, "--form", "2025-06-20T00:00:00Z"], "--form", "--from" },
        { ["run", "--replay-candles", Btc, "--sped", "60", "--bogus"], "--sped", "--speed" },
        { ["aggregate", "--trades", Trades, "--intervall", "5m"], "--intervall", "--interval" },
        // and one per other command
        { ["indicators", "--candles", Btc, "--outt", "x.csv"], "--outt", "--out" },
        // a typo of a required option: named as the typo, not as "--candles is required"
        { ["indicators", "--candle", Btc], "--candle", "--candles" },
        { ["optimize", "--candles", Btc, "--in-sampel", "0.7"], "--in-sampel", "--in-sample" },
        { ["chart", "--candles", Btc, "--minuts", "60", "--out", "x.png"], "--minuts", "--minutes" },
        { ["dev", "up", "--no-ingestr"], "--no-ingestr", "--no-ingestor" },
    };

    [Theory]
    [MemberData(nameof(Typos))]
    public void Run_MisspelledOption_RefusedWithOneLineNamingItAndTheNearestOption(string[] args, string typo, string nearest)
    {
        var (exitCode, stdout, stderr) = ConsoleCapture.Run(args);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var command = args[0] == "dev" ? "cst dev up" : $"cst {args[0]}";
        Assert.Equal($"cst: unknown option {typo} for '{command}'; did you mean {nearest}? ('{command} --help' lists the options)", line.TrimEnd('\r'));
        Assert.Equal("", stdout); // nothing ran: no table, no progress, no files
    }

    [Fact]
    public void Run_EveryCommandInTheHelp_RefusesAnUnknownOption()
    {
        // Read the command list from `cst --help` (and each branch's help), so a command added later is held to the
        // same rule without anyone adding it here.
        var commands = HelpCommands([]);
        Assert.Contains(["backtest"], commands);
        Assert.Contains(["dev", "up"], commands);

        foreach (var command in commands)
        {
            var (exitCode, stdout, stderr) = ConsoleCapture.Run([.. command, "--zz-not-an-option", "1"]);

            Assert.True(exitCode == 2, $"cst {string.Join(' ', command)} --zz-not-an-option: exit {exitCode}, stderr {stderr}");
            Assert.Equal($"cst: unknown option --zz-not-an-option for 'cst {string.Join(' ', command)}' ('cst {string.Join(' ', command)} --help' lists the options)", stderr.Trim());
            Assert.Equal("", stdout);
        }
    }

    [Fact]
    public void Run_StrayArgumentAfterTheDelimiter_Refused()
    {
        var (exitCode, _, stderr) = ConsoleCapture.Run("aggregate", "--trades", Trades, "--", "--interval", "5m");

        Assert.Equal(2, exitCode);
        Assert.Equal("cst: unexpected argument '--interval' for 'cst aggregate' ('cst aggregate --help' lists the options)", stderr.Trim());
    }

    [Theory]
    [InlineData("--form", "--from", 1)]
    [InlineData("--intervall", "--interval", 1)]
    [InlineData("--sped", "--speed", 1)]
    [InlineData("--FROM", "--from", 0)]
    [InlineData("--replay-trade", "--replay-trades", 1)]
    public void EditDistance_Typos_CountEachSlipOnce(string written, string option, int expected)
    {
        Assert.Equal(expected, StrictOptions.EditDistance(written.TrimStart('-'), option.TrimStart('-')));
    }

    [Fact]
    public void Nearest_NothingClose_NoSuggestion()
    {
        Assert.Null(StrictOptions.Nearest("--zz-not-an-option", ["--from", "--to", "--candles"]));
        Assert.Equal("--to", StrictOptions.Nearest("--tp", ["--from", "--to", "--candles"]));
    }

    /// <summary>The command paths `cst --help` lists, descending into branches (a branch's help lists its own commands).</summary>
    private static List<string[]> HelpCommands(string[] prefix)
    {
        var (_, help, _) = ConsoleCapture.Run([.. prefix, "--help"]);
        var result = new List<string[]>();
        var inCommands = false;
        foreach (var raw in help.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("COMMANDS", StringComparison.Ordinal))
            {
                inCommands = true;
                continue;
            }

            if (!inCommands || line.Length == 0 || !line.StartsWith("    ", StringComparison.Ordinal) || line[4] == ' ')
            {
                continue;
            }

            var name = line.Trim().Split(' ')[0];
            string[] path = [.. prefix, name];
            var (_, branchHelp, _) = ConsoleCapture.Run([.. path, "--help"]);
            if (branchHelp.Contains("COMMANDS", StringComparison.Ordinal))
            {
                result.AddRange(HelpCommands(path));
            }
            else
            {
                result.Add(path);
            }
        }

        return result;
    }
}
