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
            config.SetApplicationName("cst");
            config.PropagateExceptions();
            Register(config);
        });

        try
        {
            return app.Run(args);
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
    }

    private static void Register(IConfigurator config)
    {
        // Commands register here, one line each.
        config.AddCommand<Commands.IndicatorsCommand>("indicators").WithDescription("Compute RSI, EMA, SMA, ATR, MACD, Bollinger and OBV for a candle CSV");
    }
}
