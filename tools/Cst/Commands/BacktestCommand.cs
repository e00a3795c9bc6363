using System.Globalization;
using CryptoSignalTracker.Cli.Reports;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CryptoSignalTracker.Cli.Commands;

/// <summary><c>cst backtest</c>: replays candle files through the live decision code and reports signals, trades and metrics.</summary>
public sealed class BacktestCommand : Command<BacktestSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, BacktestSettings settings, CancellationToken cancellationToken)
    {
        var config = LoadConfig(settings.Config);
        var options = new BacktestOptions
        {
            FromMs = CandleFiles.ParseTime(settings.From, "--from"),
            ToMs = CandleFiles.ParseTime(settings.To, "--to"),
            MacroWarmUps = settings.MacroWarmUp is { } warmUp ? ReadWarmUps(warmUp) : [],
        };
        // the report draws every candle, so it needs them all in memory; otherwise the files are read while the
        // backtest runs, piece by piece (a year of 9 symbols would otherwise hold 340 MB of candles)
        var series = settings.Report is null ? null : CandleFiles.Load(settings.Candles, settings.Symbols);
        options = options with { DecideAhead = series is null };
        var streams = series is null
            ? CandleFiles.Stream(settings.Candles, settings.Symbols)
            : [.. series.Select(s => new SymbolStream(s.Symbol, [(s.Candles as Candle[] ?? [.. s.Candles]).AsMemory()], s.Candles.Count))];
        var total = streams.Sum(s => s.ExpectedCandles);

        var console = CliConsole.Create();
        BacktestResult result;
        try
        {
            if (!Console.IsOutputRedirected && total > 100_000)
            {
                result = null!;
                console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask($"backtest {streams.Count} symbol(s), about {total:N0} candles");
                        result = Backtester.Run(streams, config, options, p => task.Value = p * 100);
                    });
            }
            else
            {
                result = Backtester.Run(streams, config, options);
            }
        }
        catch (Exception ex) when (CandleFiles.Failure(ex) is { } failure)
        {
            throw failure;
        }

        if (settings.Json is { } json)
        {
            WriteFile(json, stream => BacktestJson.Write(result, stream));
        }

        if (settings.Report is { } dir)
        {
            ReportWriter.Write(dir, result, series!, config);
        }

        PrintSummary(console, result);
        return 0;
    }

    /// <summary>Reads <c>--macro-warm-up</c>: a JSON array of warm-up records, or one record per line.</summary>
    internal static IReadOnlyList<Core.Macro.MacroWarmUp> ReadWarmUps(string path)
    {
        try
        {
            var text = File.ReadAllText(path).Trim();
            IEnumerable<string> records = text.StartsWith('[')
                ? [.. System.Text.Json.JsonDocument.Parse(text).RootElement.EnumerateArray().Select(e => e.GetRawText())]
                : text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var warmUps = records.Select((json, i) => Core.Macro.MacroWarmUp.FromJson(json, $"{path} record {i + 1}")).ToList();
            if (warmUps.GroupBy(w => w.Symbol, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw new FormatException($"{path} has two warm-ups of {twice.Key}");
            }

            return warmUps;
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new CliException($"--macro-warm-up: {ex.Message}", 2, ex);
        }
        catch (IOException ex)
        {
            throw new CliException($"--macro-warm-up {path}: {ex.Message}", 2, ex);
        }
    }

    internal static TradingConfig LoadConfig(string? path)
    {
        if (path is null)
        {
            return new TradingConfig();
        }

        try
        {
            return TradingConfigReader.ReadFile(path);
        }
        catch (FormatException ex)
        {
            throw new CliException(ex.Message, 2, ex);
        }
        catch (IOException ex)
        {
            throw new CliException($"{path}: {ex.Message}", 2, ex);
        }
    }

    internal static void WriteFile(string path, Action<Stream> write)
    {
        try
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
            }

            using var stream = File.Create(path);
            write(stream);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{path}: {ex.Message}", 1, ex);
        }
    }

    private static void PrintSummary(IAnsiConsole console, BacktestResult r)
    {
        var m = r.Metrics;
        var inv = CultureInfo.InvariantCulture;
        var table = new Table().Title($"Backtest {WireNames.Time(r.FirstTimeMs)} → {WireNames.Time(r.LastTimeMs)}")
            .AddColumn("symbol").AddColumn(new TableColumn("trades").RightAligned()).AddColumn(new TableColumn("win rate").RightAligned())
            .AddColumn(new TableColumn("avg R").RightAligned()).AddColumn(new TableColumn("profit factor").RightAligned()).AddColumn(new TableColumn("net PnL").RightAligned());
        foreach (var s in m.PerSymbol)
        {
            table.AddRow(s.Symbol, s.Trades.ToString(inv), s.WinRate.ToString("P1", inv), s.AverageR.ToString("0.00", inv), Pf(s.ProfitFactor), s.NetPnl.ToString("0.00", inv));
        }

        table.AddRow("[bold]all[/]", m.Trades.ToString(inv), m.WinRate.ToString("P1", inv), m.AverageR.ToString("0.00", inv), Pf(m.ProfitFactor), m.NetPnl.ToString("0.00", inv));
        console.Write(table);
        CliConsole.PlainLine(console, string.Create(inv,
            $"signals {r.Signals.Count} (MICRO {r.Signals.Count(s => s.Kind == SignalKind.Micro)}, SWING {r.Signals.Count(s => s.Kind == SignalKind.Swing)}), skipped {r.Skipped.Count}; expectancy {m.Expectancy:0.00}; fees {m.Fees:0.00}; max drawdown {m.MaxDrawdown:P2}; Sharpe {m.Sharpe:0.00}; Sortino {(m.Sortino is { } so ? so.ToString("0.00", inv) : "n/a")}; exposure {m.Exposure:P1}; final equity {m.FinalEquity:0.00}"));
    }

    private static string Pf(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";
}
