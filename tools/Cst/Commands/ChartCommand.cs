using CryptoSignalTracker.Charts;
using CryptoSignalTracker.Core.Domain;
using Spectre.Console.Cli;

namespace CryptoSignalTracker.Cli.Commands;

/// <summary>
/// <c>cst chart</c>: a candlestick PNG (volume, RSI, and the signals of a backtest JSON) for one candle file and
/// time window. RSI is computed over the whole file, so it is warmed up at the window's first candle.
/// </summary>
public sealed class ChartCommand : Command<ChartSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, ChartSettings settings, CancellationToken cancellationToken)
    {
        var candlesPath = settings.Candles ?? throw new CliException("give --candles FILE", 2);
        CandleFiles.MustExist(candlesPath);
        var outPath = settings.Out ?? throw new CliException("give --out FILE.png", 2);
        if (settings.Config is { } configPath)
        {
            CandleFiles.MustExist(configPath);
        }

        var symbol = settings.Symbol is { } s ? Normalize(s) : CandleFiles.SymbolFromFileName(candlesPath)
            ?? throw new CliException($"{candlesPath}: cannot tell the symbol from the file name; pass --symbol", 2);

        CandleChartRenderer renderer;
        try
        {
            renderer = new CandleChartRenderer(new CandleChartOptions
            {
                Width = settings.Width,
                Height = settings.Height,
                Minutes = settings.Minutes,
                Strategy = BacktestCommand.LoadConfig(settings.Config).Strategy,
            });
        }
        catch (ArgumentException ex)
        {
            throw new CliException(Message(ex), 2, ex);
        }

        var fromMs = CandleFiles.ParseTime(settings.From, "--from");
        var toMs = CandleFiles.ParseTime(settings.To, "--to");
        var candles = CandleFiles.Read(candlesPath);
        var signals = settings.Signals is { } json ? ChartSignalsFile.Read(json, symbol) : [];
        if (fromMs is { } f && toMs is null && candles.Count > 0)
        {
            // --from alone: show --minutes from there
            toMs = Math.Min(candles[^1].OpenTimeMs, f + (settings.Minutes * 60_000L) - 60_000L);
        }

        byte[] png;
        try
        {
            png = renderer.Render(new CandleChartRequest(symbol, candles) { FromMs = fromMs, ToMs = toMs, Signals = signals });
        }
        catch (ArgumentException ex)
        {
            throw new CliException($"{candlesPath}: {Message(ex)}", 1, ex);
        }

        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(outPath));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllBytes(outPath, png);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{outPath}: {ex.Message}", 1, ex);
        }

        Console.WriteLine($"wrote {outPath} ({png.Length:N0} bytes, {symbol}, {signals.Count} signal(s) in the file for this symbol)");
        return 0;
    }

    private static string Normalize(string symbol)
    {
        try
        {
            return Symbols.Normalize(symbol);
        }
        catch (FormatException ex)
        {
            throw new CliException(ex.Message, 2, ex);
        }
    }

    // ArgumentException appends " (Parameter 'x')"; the user needs only the sentence.
    private static string Message(ArgumentException ex) =>
        ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal);
}
