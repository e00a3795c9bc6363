using System.ComponentModel;
using Spectre.Console.Cli;

namespace CryptoSignalTracker.Cli.Commands;

/// <summary>Options of <c>cst backtest</c>.</summary>
public sealed class BacktestSettings : CommandSettings
{
    /// <summary>1-minute candle files, one symbol each.</summary>
    [CommandOption("--candles <FILE>")]
    [Description("1-minute candle CSV files (Bybit kline, Binance kline, or date,open,high,low,close,volume), one symbol each")]
    public string[] Candles { get; init; } = [];

    /// <summary>Symbols in file order (else taken from the file names).</summary>
    [CommandOption("--symbols <S,...>")]
    [Description("symbols in file order, comma-separated (default: found in each file name, e.g. BTCUSDT)")]
    public string? Symbols { get; init; }

    /// <summary>Trade candles opened at or after this time.</summary>
    [CommandOption("--from <T>")]
    [Description("trade from this time (ISO 8601 UTC); earlier candles only warm up the indicators")]
    public string? From { get; init; }

    /// <summary>Use candles opened at or before this time.</summary>
    [CommandOption("--to <T>")]
    [Description("use candles with open time <= T (ISO 8601 UTC)")]
    public string? To { get; init; }

    /// <summary>Settings file.</summary>
    [CommandOption("--config <FILE>")]
    [Description("JSON settings (strategy, macro, biasFilter, risk; see README)")]
    public string? Config { get; init; }

    /// <summary>Macro warm-up file: the live LogicEngine's journalled 4-hour warm-ups.</summary>
    [CommandOption("--macro-warm-up <FILE>")]
    [Description("warm the macro's 4-hour EMA up with these 4-hour candles first, as a new live deployment did (JSON lines or array of its logic-macro-warmup records; see docs/macro.md)")]
    public string? MacroWarmUp { get; init; }

    /// <summary>Where to write the result JSON.</summary>
    [CommandOption("--json <FILE>")]
    [Description("write signals, trades and metrics as JSON")]
    public string? Json { get; init; }

    /// <summary>Where to write the HTML report.</summary>
    [CommandOption("--report <DIR>")]
    [Description("write a self-contained HTML report with PNG charts into DIR")]
    public string? Report { get; init; }
}
