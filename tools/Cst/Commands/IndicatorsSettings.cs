using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CryptoSignalTracker.Cli.Commands;

/// <summary>Arguments of <c>cst indicators</c>.</summary>
public sealed class IndicatorsSettings : CommandSettings
{
    /// <summary>The candle CSV to read (Bybit kline, Binance kline, or date,open,high,low,close,volume); exactly one.</summary>
    [CommandOption("--candles <FILE>")]
    [Description("Candle CSV: Bybit kline, Binance kline, or date,open,high,low,close,volume")]
    public string[] Candles { get; init; } = [];

    /// <summary>Where to write the indicator CSV; standard output when absent.</summary>
    [CommandOption("--out <FILE>")]
    [Description("Output CSV (default: standard output)")]
    public string? Out { get; init; }

    /// <inheritdoc/>
    public override ValidationResult Validate() => Candles switch
    {
        [] => ValidationResult.Error("--candles FILE is required (a candle CSV to compute indicators on)"),
        [var file] when string.IsNullOrWhiteSpace(file) => ValidationResult.Error("--candles FILE is empty"),
        [_] => ValidationResult.Success(),
        _ => ValidationResult.Error($"indicators reads one candle file, got {Candles.Length}: {string.Join(", ", Candles)}"),
    };
}
