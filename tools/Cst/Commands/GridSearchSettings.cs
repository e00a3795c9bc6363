using System.ComponentModel;
using Spectre.Console.Cli;

namespace CryptoSignalTracker.Cli.Commands;

/// <summary>The options <c>cst optimize</c> and <c>cst walkforward</c> share: the candle files and the grid searched over them.</summary>
public abstract class GridSearchSettings : CommandSettings
{
    /// <summary>1-minute candle files, one symbol each.</summary>
    [CommandOption("--candles <FILE>")]
    [Description("1-minute candle CSV files, one symbol each")]
    public string[] Candles { get; init; } = [];

    /// <summary>Symbols in file order (else from the file names).</summary>
    [CommandOption("--symbols <S,...>")]
    [Description("symbols in file order, comma-separated (default: from the file names)")]
    public string? Symbols { get; init; }

    /// <summary>Grid file (default: the original 324-combination grid).</summary>
    [CommandOption("--grid <FILE>")]
    [Description("JSON grid: {\"overbought\":[..],\"oversold\":[..],\"volumeFactor\":[..],\"takeProfitPercent\":[..],\"stopLossPercent\":[..]} (default: the original 324 combinations)")]
    public string? Grid { get; init; }

    /// <summary>Settings that stay fixed (macro, risk, other strategy settings).</summary>
    [CommandOption("--config <FILE>")]
    [Description("JSON settings for everything the grid does not vary")]
    public string? Config { get; init; }
}
