using System.ComponentModel;
using Spectre.Console.Cli;

namespace CryptoSignalTracker.Cli.Commands;

/// <summary>Options of <c>cst chart</c>.</summary>
public sealed class ChartSettings : CommandSettings
{
    /// <summary>Candle file.</summary>
    [CommandOption("--candles <FILE>")]
    [Description("candle CSV (Bybit kline, Binance kline, or date,open,high,low,close,volume)")]
    public string? Candles { get; init; }

    /// <summary>First candle shown.</summary>
    [CommandOption("--from <T>")]
    [Description("first candle shown, ISO 8601 UTC (default: --minutes before --to)")]
    public string? From { get; init; }

    /// <summary>Last candle shown.</summary>
    [CommandOption("--to <T>")]
    [Description("last candle shown, ISO 8601 UTC (default: the last candle in the file)")]
    public string? To { get; init; }

    /// <summary>Minutes shown when <see cref="From"/> is not given.</summary>
    [CommandOption("--minutes <N>")]
    [Description("minutes shown when --from is not given (default 120)")]
    [DefaultValue(120)]
    public int Minutes { get; init; } = 120;

    /// <summary>Backtest JSON whose signals and trades are drawn.</summary>
    [CommandOption("--signals <JSON>")]
    [Description("JSON written by cst backtest --json: its signals (and their exits) for this symbol in the window are drawn")]
    public string? Signals { get; init; }

    /// <summary>Trading configuration whose strategy settings give the RSI period and guides.</summary>
    [CommandOption("--config <FILE>")]
    [Description("JSON settings as for cst backtest: the RSI panel uses its strategy's period and oversold/overbought thresholds (default: V5.2 Champion's, 14 and 25/75)")]
    public string? Config { get; init; }

    /// <summary>Symbol (else from the file name).</summary>
    [CommandOption("--symbol <S>")]
    [Description("symbol (default: found in the file name, e.g. BTCUSDT)")]
    public string? Symbol { get; init; }

    /// <summary>Output PNG.</summary>
    [CommandOption("--out <FILE>")]
    [Description("PNG file to write")]
    public string? Out { get; init; }

    /// <summary>Image width.</summary>
    [CommandOption("--width <PX>")]
    [Description("image width in pixels, at least 640 (default 640)")]
    [DefaultValue(640)]
    public int Width { get; init; } = 640;

    /// <summary>Image height.</summary>
    [CommandOption("--height <PX>")]
    [Description("image height in pixels, at least 480 (default 720)")]
    [DefaultValue(720)]
    public int Height { get; init; } = 720;
}
