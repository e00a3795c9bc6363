using System.ComponentModel;
using Spectre.Console.Cli;

namespace CryptoSignalTracker.Cli.Commands;

/// <summary>Options of <c>cst download</c>.</summary>
public sealed class DownloadSettings : CommandSettings
{
    /// <summary>Default output directory.</summary>
    public const string DefaultOut = "data/history";

    /// <summary>Default Bybit REST URL.</summary>
    public const string DefaultBybitRestUrl = "https://api.bybit.com";

    /// <summary>Symbols to download.</summary>
    [CommandOption("--symbols <S,...>")]
    [Description("Bybit linear symbols, comma-separated, e.g. BTCUSDT,ETHUSDT")]
    public string? Symbols { get; init; }

    /// <summary>First minute.</summary>
    [CommandOption("--from <T>")]
    [Description("first candle open time (ISO 8601 UTC, e.g. 2025-01-01)")]
    public string? From { get; init; }

    /// <summary>End of the range, exclusive.</summary>
    [CommandOption("--to <T>")]
    [Description("end of the range, exclusive (ISO 8601 UTC); the still-forming minute is never written")]
    public string? To { get; init; }

    /// <summary>Output directory.</summary>
    [CommandOption("--out <DIR>")]
    [Description("directory for the CSV files and instruments.json (default data/history)")]
    [DefaultValue(DefaultOut)]
    public string Out { get; init; } = DefaultOut;

    /// <summary>Bybit REST URL.</summary>
    [CommandOption("--bybit-rest-url <URL>")]
    [Description("Bybit REST API (default https://api.bybit.com)")]
    [DefaultValue(DefaultBybitRestUrl)]
    public string BybitRestUrl { get; init; } = DefaultBybitRestUrl;
}
