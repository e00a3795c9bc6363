using System.Globalization;
using System.Text;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Optimization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CryptoSignalTracker.Cli.Commands;

/// <summary><c>cst optimize</c>: the parameter grid on all cores, ranked in-sample, reported out-of-sample.</summary>
public sealed class OptimizeCommand : Command<OptimizeSettings>
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <inheritdoc />
    public override int Execute(CommandContext context, OptimizeSettings settings, CancellationToken cancellationToken)
    {
        if (settings.InSample is <= 0 or >= 1)
        {
            throw new CliException($"--in-sample {settings.InSample.ToString(Inv)} must be between 0 and 1", 2);
        }

        var config = BacktestCommand.LoadConfig(settings.Config);
        var grid = LoadGrid(settings.Grid);
        var series = CandleFiles.Load(settings.Candles, settings.Symbols);
        var console = CliConsole.Create();

        IReadOnlyList<OptimizationRow> rows = [];
        if (!Console.IsOutputRedirected)
        {
            console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask($"{grid.Count} combinations × {series.Count} symbol(s)", maxValue: grid.Count);
                    rows = Optimizer.Run(series, config, grid, settings.InSample, settings.Parallel, n => task.Value = n, cancellationToken);
                });
        }
        else
        {
            rows = Optimizer.Run(series, config, grid, settings.InSample, settings.Parallel, null, cancellationToken);
        }

        if (settings.Out is { } path)
        {
            BacktestCommand.WriteFile(path, stream =>
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(false));
                WriteCsv(writer, rows);
            });
        }

        var table = new Table().Title($"Top {Math.Min(settings.Top, rows.Count)} of {rows.Count} by in-sample net PnL (first {settings.InSample.ToString("P0", Inv)} of the span); out-of-sample beside")
            .AddColumns("#", "OB", "OS", "vol×", "TP%", "SL%", "IS n", "IS win", "IS PF", "IS PnL", "OOS n", "OOS win", "OOS PF", "OOS PnL");
        foreach (var r in rows.Take(Math.Max(0, settings.Top)))
        {
            var s = r.Settings;
            table.AddRow(
                r.Rank.ToString(Inv), N(s.Overbought), N(s.Oversold), N(s.VolumeFactor), N(s.TakeProfitPercent), N(s.StopLossPercent),
                r.InSample.Trades.ToString(Inv), r.InSample.WinRate.ToString("P1", Inv), Pf(r.InSample.ProfitFactor), r.InSample.NetPnl.ToString("0.00", Inv),
                r.OutOfSample.Trades.ToString(Inv), r.OutOfSample.WinRate.ToString("P1", Inv), Pf(r.OutOfSample.ProfitFactor), r.OutOfSample.NetPnl.ToString("0.00", Inv));
        }

        console.Write(table);
        if (rows.Count > 0)
        {
            console.WriteLine("How far to trust rank 1 (its in-sample record among all combinations; PBO over the whole span):");
            WalkForwardCommand.PrintStatistics(console, Optimizer.Statistics(rows));
        }

        return 0;
    }

    /// <summary>Writes every row: settings, then in-sample and out-of-sample metrics.</summary>
    internal static void WriteCsv(TextWriter w, IReadOnlyList<OptimizationRow> rows)
    {
        w.Write("rank,overbought,oversold,volume_factor,take_profit_pct,stop_loss_pct");
        foreach (var part in new[] { "is", "oos" })
        {
            w.Write($",{part}_trades,{part}_win_rate,{part}_profit_factor,{part}_net_pnl,{part}_expectancy,{part}_max_drawdown,{part}_sharpe");
        }

        w.Write('\n');
        foreach (var r in rows)
        {
            var s = r.Settings;
            w.Write(string.Join(',', r.Rank.ToString(Inv), N(s.Overbought), N(s.Oversold), N(s.VolumeFactor), N(s.TakeProfitPercent), N(s.StopLossPercent)));
            foreach (var m in new[] { r.InSample, r.OutOfSample })
            {
                w.Write(string.Create(Inv, $",{m.Trades},{R(m.WinRate)},{(m.ProfitFactor is { } pf ? R(pf) : string.Empty)},{R(m.NetPnl)},{R(m.Expectancy)},{R(m.MaxDrawdown)},{R(m.Sharpe)}"));
            }

            w.Write('\n');
        }
    }

    internal static ParameterGrid LoadGrid(string? path)
    {
        if (path is null)
        {
            return new ParameterGrid();
        }

        try
        {
            return ParameterGrid.Parse(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or ArgumentException)
        {
            throw new CliException($"{path}: {ex.Message}", 2, ex);
        }
        catch (IOException ex)
        {
            throw new CliException($"{path}: {ex.Message}", 2, ex);
        }
    }

    private static string N(double v) => v.ToString("R", Inv);

    private static string R(double v) => Math.Round(v, 8).ToString("R", Inv);

    private static string Pf(double? v) => v is { } x ? x.ToString("0.00", Inv) : "n/a";
}
