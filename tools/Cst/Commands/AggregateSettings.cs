using System.ComponentModel;
using CryptoSignalTracker.Core.Domain;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CryptoSignalTracker.Cli.Commands;

/// <summary>Arguments of <c>cst aggregate</c>.</summary>
public sealed class AggregateSettings : CommandSettings
{
    /// <summary>Trade CSV to read (Bybit trade archive, Binance trades, or the data set's capture layout).</summary>
    [CommandOption("--trades <FILE>")]
    [Description("Trade CSV: Bybit public trade archive, Binance trades (id,price,qty,quote_qty,time,is_buyer_maker) or trade_time_ms,...,symbol,trade_id,price,qty,is_buyer_maker")]
    public string? Trades { get; init; }

    /// <summary>Instrument; needed when neither the file nor its name says.</summary>
    [CommandOption("--symbol <SYMBOL>")]
    [Description("Symbol, e.g. BTCUSDT (default: from the file's symbol column or its name)")]
    public string? Symbol { get; init; }

    /// <summary>Candle interval, e.g. <c>1m</c>, <c>5m</c>, <c>4h</c>.</summary>
    [CommandOption("--interval <INTERVAL>")]
    [Description("Candle interval: 1m, 5m, 15m, 1h, 4h, 1d or any whole number of minutes (default 1m)")]
    [DefaultValue("1m")]
    public string Interval { get; init; } = "1m";

    /// <summary>Where to write the candle CSV; standard output when absent.</summary>
    [CommandOption("--out <FILE>")]
    [Description("Output CSV (default: standard output)")]
    public string? Out { get; init; }

    /// <inheritdoc/>
    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Trades))
        {
            return ValidationResult.Error("--trades FILE is required (a trade CSV to turn into candles)");
        }

        if (Symbol is not null && !Symbols.IsWellFormed(Symbol.Trim().ToUpperInvariant()))
        {
            return ValidationResult.Error($"--symbol '{Symbol}' is not a symbol (expected e.g. BTCUSDT)");
        }

        try
        {
            Core.Domain.Interval.Parse(Interval);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException)
        {
            return ValidationResult.Error($"--interval: {ex.Message}");
        }

        return ValidationResult.Success();
    }
}
