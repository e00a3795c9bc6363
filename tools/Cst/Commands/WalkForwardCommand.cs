using System.Globalization;
using System.Text.RegularExpressions;
using CryptoSignalTracker.Cli.Reports;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Optimization;
using CryptoSignalTracker.Core.Statistics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CryptoSignalTracker.Cli.Commands;

/// <summary><c>cst walkforward</c>: re-optimise on each in-sample window, trade the next window, stitch and judge the result.</summary>
public sealed partial class WalkForwardCommand : Command<WalkForwardSettings>
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <inheritdoc />
    public override int Execute(CommandContext context, WalkForwardSettings settings, CancellationToken cancellationToken)
    {
        var options = new WalkForwardOptions
        {
            InSample = Length(settings.InSample, "--in-sample"),
            OutOfSample = Length(settings.OutOfSample, "--out-of-sample"),
            Step = Length(settings.Step, "--step"),
            Anchored = settings.Anchored,
            Objective = settings.Objective switch
            {
                "netPnl" => WalkForwardObjective.NetPnl,
                "sharpe" => WalkForwardObjective.Sharpe,
                "profitFactor" => WalkForwardObjective.ProfitFactor,
                var other => throw new CliException($"--objective '{other}' is not netPnl, sharpe or profitFactor", 2),
            },
        };
        var heatmap = Heatmap(settings.Heatmap);
        var config = BacktestCommand.LoadConfig(settings.Config);
        var grid = OptimizeCommand.LoadGrid(settings.Grid);
        var series = CandleFiles.Load(settings.Candles, settings.Symbols);

        WalkForwardResult result;
        try
        {
            if (Console.IsOutputRedirected)
            {
                result = WalkForward.Run(series, config, grid, options, settings.Parallel, null, cancellationToken);
            }
            else
            {
                result = null!;
                CliConsole.Create().Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask($"walk-forward, {grid.Count} combinations per fold");
                        result = WalkForward.Run(series, config, grid, options, settings.Parallel, (done, total) =>
                        {
                            task.MaxValue = total;
                            task.Value = done;
                        }, cancellationToken);
                    });
            }
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message, 2, ex);
        }

        if (settings.Json is { } json)
        {
            BacktestCommand.WriteFile(json, stream => WalkForwardJson.Write(result, stream));
        }

        if (settings.Report is { } dir)
        {
            WalkForwardReportWriter.Write(dir, result, heatmap.A, heatmap.B);
        }

        Print(CliConsole.Create(), result);
        return 0;
    }

    /// <summary>Prints the per-fold table, the stitched result and the statistics.</summary>
    private static void Print(IAnsiConsole console, WalkForwardResult r)
    {
        var table = new Table().Title($"Walk-forward: {r.Folds.Count} fold(s), best in-sample settings traded on the next window")
            .AddColumns("fold", "in-sample", "out-of-sample", "OS", "OB", "vol×", "TP%", "SL%", "IS n", "IS PnL", "OOS n", "OOS PF", "OOS PnL");
        foreach (var f in r.Folds)
        {
            var c = f.Chosen;
            table.AddRow(
                f.Number.ToString(Inv), $"{Day(f.InSampleFromMs)} → {Day(f.InSampleToMs)}", $"{Day(f.OutOfSampleFromMs)} → {Day(f.OutOfSampleToMs)}",
                N(c.Oversold), N(c.Overbought), N(c.VolumeFactor), N(c.TakeProfitPercent), N(c.StopLossPercent),
                f.InSampleMetrics.Trades.ToString(Inv), f.InSampleMetrics.NetPnl.ToString("0.00", Inv),
                f.OutOfSampleMetrics.Trades.ToString(Inv), ReportWriter.Opt(f.OutOfSampleMetrics.ProfitFactor), f.OutOfSampleMetrics.NetPnl.ToString("0.00", Inv));
        }

        console.Write(table);
        var m = r.Metrics;
        console.WriteLine(string.Create(Inv,
            $"stitched out-of-sample: {m.Trades} trades, win rate {m.WinRate:P1}, profit factor {ReportWriter.Opt(m.ProfitFactor)}, net PnL {m.NetPnl:0.00}, max drawdown {m.MaxDrawdown:P2}, final equity {m.FinalEquity:0.00}"));
        console.WriteLine("stability: " + string.Join("; ", r.Stability.Select(p => $"{p.Key} " + string.Join(", ", p.Value.Select(v => string.Create(Inv, $"{N(v.Key)}×{v.Value}"))))));
        PrintStatistics(console, r.Statistics);
    }

    /// <summary>Prints an <see cref="OverfittingReport"/> in plain words (also used by <c>cst optimize</c>).</summary>
    internal static void PrintStatistics(IAnsiConsole console, OverfittingReport s)
    {
        console.WriteLine(string.Create(Inv,
            $"statistics: {s.Trials} trials, {s.Observations} daily returns; Sharpe {s.Sharpe:0.0000}/day (skew {s.Skewness:0.00}, kurtosis {s.Kurtosis:0.00})"));
        console.WriteLine(string.Create(Inv,
            $"luck: trials' Sharpe variance {s.TrialSharpeVariance:0.000000}; the best of {s.Trials} worthless trials would show {s.ExpectedMaxSharpe:0.0000}/day"));
        console.WriteLine(string.Create(Inv,
            $"PSR (true Sharpe > 0) {s.ProbabilisticSharpe:0.000}; DSR (true Sharpe > the luck of {s.Trials} tries) {s.DeflatedSharpe:0.000}; PBO {(s.Pbo is { } p ? p.ToString("0.000", Inv) : "n/a")}"));
        console.WriteLine(string.Create(Inv,
            $"expectancy per trade {Interval(s.Expectancy)}; profit factor {Interval(s.ProfitFactor)} ({s.Expectancy.Confidence:P0} bootstrap intervals)"));
    }

    private static string Interval(BootstrapInterval i) =>
        $"{ReportWriter.Opt(i.Estimate)} [{ReportWriter.Opt(i.Lower)}, {ReportWriter.Opt(i.Upper)}]";

    private static TimeSpan Length(string text, string option)
    {
        var match = LengthPattern().Match(text.Trim());
        if (!match.Success)
        {
            throw new CliException($"{option} '{text}' is not a length; use minutes, hours or days, e.g. 14d, 36h, 90m", 2);
        }

        var n = int.Parse(match.Groups[1].Value, Inv);
        return match.Groups[2].Value switch
        {
            "d" => TimeSpan.FromDays(n),
            "h" => TimeSpan.FromHours(n),
            _ => TimeSpan.FromMinutes(n),
        };
    }

    private static (string A, string B) Heatmap(string text)
    {
        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length != 2 || names[0] == names[1] || names.Any(n => !WalkForward.ParameterNames.Contains(n)))
        {
            throw new CliException($"--heatmap '{text}' must name two different grid parameters of {string.Join(", ", WalkForward.ParameterNames)}", 2);
        }

        return (names[0], names[1]);
    }

    private static string Day(long ms) => WireNames.Time(ms)[..16].Replace('T', ' ');

    private static string N(double v) => v.ToString("R", Inv);

    [GeneratedRegex(@"^([1-9][0-9]{0,5})(d|h|m)$")]
    private static partial Regex LengthPattern();
}
