using System.Xml.Linq;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CryptoSignalTracker.Cli;

/// <summary>Builds the <c>cst</c> command tree; tests call <see cref="Run"/> in-process.</summary>
public static class CstApp
{
    /// <summary>Runs <c>cst</c> with <paramref name="args"/> and returns the exit code.</summary>
    public static int Run(string[] args)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            Configure(config);
            config.ConfigureConsole(CliConsole.Create()); // help and parser errors go where Console.Out points now
        });

        try
        {
            var expanded = ExpandMultiValueOptions(args);
            StrictOptions.Check(expanded, Model.Value);
            return app.Run(expanded);
        }
        catch (CliException ex)
        {
            Console.Error.WriteLine($"cst: {ex.Message}");
            return ex.ExitCode;
        }
        catch (CommandParseException ex)
        {
            Console.Error.WriteLine($"cst: {ex.Message}");
            return 2;
        }
        catch (CommandRuntimeException ex)
        {
            Console.Error.WriteLine($"cst: {ex.Message}");
            return 2;
        }
        catch (CryptoSignalTracker.Core.Ports.StoreException ex)
        {
            // storage that failed while running (disk full, file made read-only, backend unreachable): one line, no trace
            Console.Error.WriteLine($"cst: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or IOException)
        {
            // a problem the command did not anticipate: still one line, with the type to report it by
            Console.Error.WriteLine($"cst: {ex.GetType().Name}: {ex.Message}");
            return 1;
        }
    }

    /// <summary>The command tree with every option, as Spectre's built-in <c>cst cli xmldoc</c> describes it (for <see cref="StrictOptions"/>).</summary>
    private static readonly Lazy<XElement> Model = new(() =>
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No });
        console.Profile.Width = int.MaxValue / 2;
        var app = new CommandApp();
        app.Configure(config =>
        {
            Configure(config);
            config.ConfigureConsole(console);
        });
        app.Run(["cli", "xmldoc"]);
        return XDocument.Parse(writer.ToString()).Root ?? throw new InvalidOperationException("cst cli xmldoc gave no model");
    });

    private static void Configure(IConfigurator config)
    {
        config.SetApplicationName("cst");
        config.PropagateExceptions();
        Register(config);
    }

    /// <summary>Options that take several values after one flag (<c>--candles a.csv b.csv</c>).</summary>
    internal static readonly string[] MultiValueOptions = ["--candles", "--replay-trades", "--replay-candles"];

    /// <summary>
    /// Rewrites <c>--candles a b</c> as <c>--candles a --candles b</c>, the form the parser takes, so the
    /// documented <c>--candles FILE...</c> works.
    /// </summary>
    internal static string[] ExpandMultiValueOptions(string[] args)
    {
        var output = new List<string>(args.Length);
        string? current = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith('-'))
            {
                current = MultiValueOptions.Contains(arg, StringComparer.Ordinal) ? arg : null;
                output.Add(arg);
            }
            else if (current is not null && output[^1] != current)
            {
                output.Add(current);
                output.Add(arg);
            }
            else
            {
                output.Add(arg);
            }
        }

        return [.. output];
    }

    private static void Register(IConfigurator config)
    {
        // Commands register here, one line each.
        config.AddCommand<Commands.IndicatorsCommand>("indicators").WithDescription("Compute RSI, EMA, SMA, ATR, MACD, Bollinger and OBV for a candle CSV");
        config.AddCommand<Commands.BacktestCommand>("backtest").WithDescription("Backtest V5.2 Champion with the macro filter and risk model on candle files");
        config.AddCommand<Commands.OptimizeCommand>("optimize").WithDescription("Search the V5.2 Champion parameter grid, ranked in-sample and reported out-of-sample");
        config.AddCommand<Commands.WalkForwardCommand>("walkforward").WithDescription("Walk-forward analysis: optimise on each in-sample window, trade the next one fresh, stitch the out-of-sample trades; DSR and PBO say how far to trust them");
        config.AddCommand<Commands.ChartCommand>("chart").WithDescription("Draw a candlestick PNG (volume, RSI, backtest signals) for one candle file and time window");
        config.AddCommand<Commands.AggregateCommand>("aggregate").WithDescription("Turn a trade CSV into candles (1m or any whole-minute interval); holes are reported as warnings");
        config.AddBranch("dev", dev =>
        {
            dev.SetDescription("The local cloud: Google's emulators and every function as its own process (`cst dev up`)");
            dev.AddCommand<Commands.DevUpCommand>("up").WithDescription("Start the local cloud: the Pub/Sub, Bigtable and Firestore emulators, terraform's topics, push subscriptions and table, and each function as its own process");
        });
        config.AddCommand<Commands.DownloadCommand>("download").WithDescription("Download Bybit 1-minute klines (linear) into one CSV per symbol for backtests; resumes, reports holes, writes tick sizes to instruments.json");
        config.AddCommand<Commands.RunCommand>("run").WithDescription("Run the whole pipeline in one process: live from Bybit (default), or replay candle/trade files exactly as `cst backtest` decides them");
        config.AddCommand<Commands.DashboardCommand>("dashboard").WithDescription("Serve the dashboard (health, markets, positions, signals, equity) read-only over a finished or stopped run's --db file");
    }
}
