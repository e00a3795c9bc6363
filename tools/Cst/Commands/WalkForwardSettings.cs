using System.ComponentModel;
using Spectre.Console.Cli;

namespace CryptoSignalTracker.Cli.Commands;

/// <summary>Options of <c>cst walkforward</c>.</summary>
public sealed class WalkForwardSettings : GridSearchSettings
{
    /// <summary>In-sample window length.</summary>
    [CommandOption("--in-sample <LENGTH>")]
    [Description("in-sample window: minutes, hours or days, e.g. 14d, 36h, 90m (default 14d)")]
    [DefaultValue("14d")]
    public string InSample { get; init; } = "14d";

    /// <summary>Out-of-sample window length.</summary>
    [CommandOption("--out-of-sample <LENGTH>")]
    [Description("out-of-sample window after each in-sample window (default 7d)")]
    [DefaultValue("7d")]
    public string OutOfSample { get; init; } = "7d";

    /// <summary>Step between folds.</summary>
    [CommandOption("--step <LENGTH>")]
    [Description("how far each fold moves on (default 7d)")]
    [DefaultValue("7d")]
    public string Step { get; init; } = "7d";

    /// <summary>Anchored in-sample windows.</summary>
    [CommandOption("--anchored")]
    [Description("every in-sample window starts at the first candle (grows) instead of sliding")]
    public bool Anchored { get; init; }

    /// <summary>How the in-sample winner is chosen.</summary>
    [CommandOption("--objective <NAME>")]
    [Description("netPnl (default), sharpe or profitFactor")]
    [DefaultValue("netPnl")]
    public string Objective { get; init; } = "netPnl";

    /// <summary>Heatmap parameters.</summary>
    [CommandOption("--heatmap <A,B>")]
    [Description("two grid parameters for the report's heatmaps (default takeProfitPercent,stopLossPercent)")]
    [DefaultValue("takeProfitPercent,stopLossPercent")]
    public string Heatmap { get; init; } = "takeProfitPercent,stopLossPercent";

    /// <summary>Where to write the JSON.</summary>
    [CommandOption("--json <FILE>")]
    [Description("write folds, stitched out-of-sample trades and metrics, stability and statistics as JSON")]
    public string? Json { get; init; }

    /// <summary>Where to write the HTML report.</summary>
    [CommandOption("--report <DIR>")]
    [Description("write an HTML report (stitched equity, per-fold table, in-/out-of-sample heatmaps) into DIR")]
    public string? Report { get; init; }

    /// <summary>Worker threads.</summary>
    [CommandOption("--parallel <N>")]
    [Description("worker threads (default: all cores)")]
    public int Parallel { get; init; }
}
