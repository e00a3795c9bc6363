using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CryptoSignalTracker.Cli.Commands;

/// <summary>Options of <c>cst dashboard</c>.</summary>
public sealed class DashboardSettings : CommandSettings
{
    /// <summary>The run's SQLite file.</summary>
    [CommandOption("--db <FILE>")]
    [Description("the SQLite file of a finished or stopped `cst run` (its --db), opened read-only")]
    public string? Db { get; init; }

    /// <summary>Where to listen.</summary>
    [CommandOption("--listen <ADDR>")]
    [Description("PORT, HOST:PORT or [[IPv6]]:PORT (default 127.0.0.1 on a free port; only this machine can connect)")]
    public string? Listen { get; init; }

    /// <summary>Settings file (the RSI thresholds drawn and the initial equity).</summary>
    [CommandOption("--config <FILE>")]
    [Description("JSON settings the run used (strategy RSI period and thresholds, risk.initialEquity; as `cst run --config`)")]
    public string? Config { get; init; }

    /// <summary>Symbols shown.</summary>
    [CommandOption("--symbols <S,...>")]
    [Description("symbols to show (default: every symbol with candles in the file)")]
    public string? Symbols { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Db) ? ValidationResult.Error("--db FILE is required (the SQLite file of a `cst run`)") : ValidationResult.Success();
}
