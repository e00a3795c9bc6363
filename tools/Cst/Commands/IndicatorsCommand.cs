using System.Text;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;
using Spectre.Console.Cli;

namespace CryptoSignalTracker.Cli.Commands;

/// <summary>
/// <c>cst indicators --candles FILE [--out FILE]</c>: one CSV row per candle with RSI(14), EMA(20), SMA(20),
/// ATR(14), MACD(12,26,9), Bollinger(20,2) and OBV; cells are empty during each indicator's warm-up.
/// </summary>
public sealed class IndicatorsCommand : Command<IndicatorsSettings>
{
    /// <summary>The CSV header, in column order.</summary>
    public const string Header = "timestamp,close,rsi14,ema20,sma20,atr14,macd,macd_signal,macd_hist,bb_mid,bb_upper,bb_lower,obv";

    private const int RsiPeriod = 14;
    private const int AveragePeriod = 20;
    private const int AtrPeriod = 14;
    private const int BollingerPeriod = 20;
    private const double BollingerK = 2.0;

    /// <inheritdoc/>
    public override int Execute(CommandContext context, IndicatorsSettings settings, CancellationToken cancellationToken)
    {
        var candles = CandleFiles.Read(settings.Candles[0]);
        if (settings.Out is null)
        {
            Write(candles, Console.Out);
            return 0;
        }

        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(settings.Out));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            using (var writer = new StreamWriter(settings.Out, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                Write(candles, writer);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write {settings.Out}: {ex.Message}", 1, ex);
        }

        Console.Out.WriteLine($"wrote {candles.Count} rows to {settings.Out}");
        return 0;
    }

    /// <summary>Computes the indicators over <paramref name="candles"/> and writes the CSV (header included).</summary>
    internal static void Write(IReadOnlyList<Candle> candles, TextWriter writer)
    {
        var input = candles as Candle[] ?? [.. candles];
        var n = input.Length;
        var closes = new double[n];
        for (var i = 0; i < n; i++)
        {
            closes[i] = input[i].Close;
        }

        double[] rsi = new double[n], ema = new double[n], sma = new double[n], atr = new double[n];
        double[] macd = new double[n], signal = new double[n], histogram = new double[n];
        double[] middle = new double[n], upper = new double[n], lower = new double[n], percentB = new double[n], obv = new double[n];
        Rsi.Compute(closes, rsi, RsiPeriod);
        Ema.Compute(closes, ema, AveragePeriod);
        Sma.Compute(closes, sma, AveragePeriod);
        Atr.Compute(input, atr, AtrPeriod);
        Macd.Compute(closes, macd, signal, histogram);
        BollingerBands.Compute(closes, middle, upper, lower, percentB, BollingerPeriod, BollingerK);
        Obv.Compute(input, obv);

        writer.NewLine = "\n";
        writer.WriteLine(Header);
        var row = new StringBuilder();
        double[][] columns = [closes, rsi, ema, sma, atr, macd, signal, histogram, middle, upper, lower, obv];
        for (var i = 0; i < n; i++)
        {
            row.Clear().Append(WireNames.Time(input[i].OpenTimeMs));
            foreach (var column in columns)
            {
                row.Append(',');
                if (!double.IsNaN(column[i]))
                {
                    row.Append(WireNames.Number(column[i]));
                }
            }

            writer.WriteLine(row);
        }
    }
}
