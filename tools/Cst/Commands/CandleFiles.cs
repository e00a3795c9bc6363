using System.Text.RegularExpressions;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Cli.Commands;

/// <summary>Loads candle files for the commands that take <c>--candles FILE...</c> and finds each file's symbol.</summary>
internal static partial class CandleFiles
{
    /// <summary>
    /// Reads every file; symbols come from <paramref name="symbols"/> (comma-separated, in file order) or else
    /// from each file's name (<c>bybit_linear_BTCUSDT_1m_....csv</c> → BTCUSDT).
    /// </summary>
    public static IReadOnlyList<SymbolSeries> Load(IReadOnlyList<string> files, string? symbols) =>
        [.. SymbolsOf(files, symbols).Select((symbol, i) => new SymbolSeries(symbol, Read(files[i])))];

    /// <summary>
    /// The files as streams for <see cref="Backtester.Run(IReadOnlyList{SymbolStream}, TradingConfig, BacktestOptions?, Action{double}?)"/>:
    /// read piece by piece while the backtest runs (from each file's cache when valid, see <see cref="CandleFileCache"/>),
    /// so a year of candles is never in memory at once; run them with <see cref="BacktestOptions.DecideAhead"/> so that each
    /// file is read (and its symbol's own decisions made) a few pieces ahead on its own thread, on the other cores. A bad
    /// row surfaces as a <see cref="DataFormatException"/> when its piece is read; <see cref="Failure"/> turns it into the
    /// same one-line error as <see cref="Load"/>.
    /// </summary>
    public static IReadOnlyList<SymbolStream> Stream(IReadOnlyList<string> files, string? symbols) =>
        [.. SymbolsOf(files, symbols).Select((symbol, i) => new SymbolStream(symbol, CandleFileCache.ReadChunks(files[i], out var expected), expected))];

    /// <summary>The one-line CLI error for a problem met while reading candle files, or null when <paramref name="ex"/> is not one.</summary>
    public static CliException? Failure(Exception ex) => ex switch
    {
        DataFormatException data => new CliException(data.Message, 1, data),
        IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException => new CliException($"cannot read candles: {ex.Message}", 1, ex),
        _ => null,
    };

    /// <summary>Each file's symbol, checked: one per file, none twice.</summary>
    private static string[] SymbolsOf(IReadOnlyList<string> files, string? symbols)
    {
        if (files.Count == 0)
        {
            throw new CliException("give at least one --candles FILE", 2);
        }

        var names = symbols?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names is not null && names.Length != files.Count)
        {
            throw new CliException($"--symbols names {names.Length} symbol(s) for {files.Count} --candles file(s); give one per file, in file order", 2);
        }

        var result = new string[files.Count];
        for (var i = 0; i < files.Count; i++)
        {
            MustExist(files[i]);
            result[i] = names is not null ? Normalize(names[i]) : SymbolFromFileName(files[i])
                ?? throw new CliException($"{files[i]}: cannot tell the symbol from the file name; pass --symbols", 2);
        }

        var duplicate = result.GroupBy(s => s, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new CliException($"symbol {duplicate.Key} is given by more than one file", 2);
        }

        return result;
    }

    /// <summary>Reads one candle file, turning format problems (and a file with no candles) into one-line CLI errors.</summary>
    public static IReadOnlyList<Candle> Read(string path)
    {
        MustExist(path);
        try
        {
            var candles = CandleFileCache.Read(path);
            return candles.Length > 0
                ? candles
                : throw new CliException($"{path}: no candles after the header (an empty download?)", 1); // was a 1970 backtest that exited 0
        }
        catch (DataFormatException ex)
        {
            throw new CliException(ex.Message, 1, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{path}: {ex.Message}", 1, ex);
        }
    }

    /// <summary>Reads one trade file (symbol from <paramref name="symbol"/> or the file), turning problems into one-line CLI errors.</summary>
    public static IReadOnlyList<Trade> ReadTrades(string path, string? symbol)
    {
        MustExist(path);
        try
        {
            var trades = TradeCsvReader.ReadFile(path, symbol);
            return trades.Count > 0 ? trades : throw new CliException($"{path}: no trades after the header", 1);
        }
        catch (DataFormatException ex)
        {
            throw new CliException(ex.Message, 1, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read trades from {path}: {ex.Message}", 1, ex);
        }
    }

    /// <summary>
    /// Refuses a path that is not an existing file with one line saying so, before anything else is said about it
    /// (a missing <c>nope.csv</c> used to be reported as "cannot tell the symbol from the file name").
    /// </summary>
    public static void MustExist(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException(Directory.Exists(path) ? $"{path}: is a directory, not a file" : $"{path}: file does not exist", 1);
        }
    }

    /// <summary>The symbol a file name carries, e.g. BTCUSDT in <c>bybit_linear_BTCUSDT_1m_2025-05-30.csv</c>; null if none.</summary>
    public static string? SymbolFromFileName(string path)
    {
        var match = SymbolInName().Match(Path.GetFileNameWithoutExtension(path).ToUpperInvariant());
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>Parses an ISO 8601 time (or Unix seconds/ms) given on the command line.</summary>
    public static long? ParseTime(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return TimestampParser.TryParse(text.Trim(), out var ms)
            ? ms
            : throw new CliException($"{option} '{text}' is not a time (use ISO 8601, e.g. 2025-06-01T00:00:00Z)", 2);
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

    [GeneratedRegex(@"(?<![A-Z0-9])([A-Z0-9]{2,16}(?:USDT|USDC|BUSD|USD|PERP))(?![A-Z0-9])")]
    private static partial Regex SymbolInName();
}
