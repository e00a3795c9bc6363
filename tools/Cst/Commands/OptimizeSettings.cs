using System.ComponentModel;
using Spectre.Console.Cli;

namespace CryptoSignalTracker.Cli.Commands;

/// <summary>Options of <c>cst optimize</c>.</summary>
public sealed class OptimizeSettings : GridSearchSettings
{
    /// <summary>In-sample share of the time span.</summary>
    [CommandOption("--in-sample <SHARE>")]
    [Description("share of the time span used for ranking, 0-1 (default 0.7); the rest is out-of-sample")]
    [DefaultValue(0.7)]
    public double InSample { get; init; } = 0.7;

    /// <summary>CSV of every combination.</summary>
    [CommandOption("--out <FILE>")]
    [Description("write every combination's in-sample and out-of-sample metrics as CSV")]
    public string? Out { get; init; }

    /// <summary>Rows in the printed table.</summary>
    [CommandOption("--top <N>")]
    [Description("rows in the printed table (default 10)")]
    [DefaultValue(10)]
    public int Top { get; init; } = 10;

    /// <summary>Worker threads.</summary>
    [CommandOption("--parallel <N>")]
    [Description("worker threads (default: all cores)")]
    public int Parallel { get; init; }
}
