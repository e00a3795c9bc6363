using System.Globalization;
using System.Text;
using CryptoSignalTracker.Benchmarks.Backtesting;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Benchmarks.Data;

/// <summary>
/// Writes the whole-process benchmark's input: <see cref="SyntheticCandles.Year"/> (fixed seeds) as one
/// <c>bybit_linear_{SYMBOL}_1m_2025-01-01_2026-01-01.csv</c> per symbol in the columns of data/sample, prices
/// rounded to 2 decimals and volumes to 3 (the length of real Bybit rows), so <c>cst backtest</c> reads them
/// as it reads downloaded files. Deterministic: the same arguments write the same bytes, so the 340 MB are
/// generated, never committed. <c>generate-year DIR [SYMBOLS]</c> (default 9 symbols, 4,730,400 candles).
/// </summary>
internal static class YearCandleFiles
{
    /// <summary>The verb on the benchmarks' command line.</summary>
    public const string Verb = "generate-year";

    private const int RowsPerFlush = 10_000;

    public static int Run(string[] args)
    {
        if (args.Length is < 1 or > 2)
        {
            Console.Error.WriteLine($"usage: {Verb} DIR [SYMBOLS]");
            return 2;
        }

        var symbols = args.Length == 2 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 9;
        Directory.CreateDirectory(args[0]);
        foreach (var series in SyntheticCandles.Year(symbols))
        {
            var path = Path.Combine(args[0], $"bybit_linear_{series.Symbol}_1m_2025-01-01_2026-01-01.csv");
            Write(path, series.Candles);
            Console.WriteLine($"{path}: {series.Candles.Count} candles");
        }

        return 0;
    }

    /// <summary>Writes <paramref name="candles"/>, rounded as described above, to <paramref name="path"/>.</summary>
    public static void Write(string path, IReadOnlyList<Candle> candles)
    {
        using var file = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var text = new StringBuilder();
        CandleCsvWriter.AppendHeader(text);
        for (var i = 0; i < candles.Count; i++)
        {
            CandleCsvWriter.AppendRow(text, Rounded(candles[i]));
            if (i % RowsPerFlush == 0)
            {
                file.Write(text);
                text.Clear();
            }
        }

        file.Write(text);
    }

    private static Candle Rounded(Candle c)
    {
        var open = Math.Round(c.Open, 2);
        var close = Math.Round(c.Close, 2);
        var high = Math.Max(Math.Round(c.High, 2), Math.Max(open, close));
        var low = Math.Min(Math.Round(c.Low, 2), Math.Min(open, close));
        return new Candle(c.OpenTimeMs, open, high, low, close, Math.Round(c.Volume, 3));
    }
}
