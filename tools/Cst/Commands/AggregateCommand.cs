using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using CryptoSignalTracker.Core.Aggregation;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;
using Spectre.Console.Cli;

namespace CryptoSignalTracker.Cli.Commands;

/// <summary>
/// <c>cst aggregate --trades FILE [--symbol S] [--interval 1m] [--out FILE]</c>: turns a trade CSV into
/// candles (<see cref="Header"/>), filling quiet intervals flat and reporting longer holes on standard error.
/// </summary>
public sealed class AggregateCommand : Command<AggregateSettings>
{
    /// <summary>The CSV header, in column order.</summary>
    public const string Header = "timestamp,open,high,low,close,volume,trades,buy_volume,sell_volume";

    /// <inheritdoc/>
    public override int Execute(CommandContext context, AggregateSettings settings, CancellationToken cancellationToken)
    {
        var path = settings.Trades!;
        var trades = CandleFiles.ReadTrades(path, settings.Symbol);
        var options = new CandleAggregatorOptions { Interval = Interval.Parse(settings.Interval) };
        var span = trades is List<Trade> list ? CollectionsMarshal.AsSpan(list) : [.. trades];
        var result = CandleAggregator.Aggregate(span, options);

        foreach (var gap in result.Gaps)
        {
            Console.Error.WriteLine($"cst: warning: {path}: {gap}");
        }

        if (result.Duplicates > 0)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cst: warning: {path}: {result.Duplicates} repeated trade ids were counted once"));
        }

        if (settings.Out is null)
        {
            Write(result.Candles, Console.Out);
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
                Write(result.Candles, writer);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write {settings.Out}: {ex.Message}", 1, ex);
        }

        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {result.Candles.Count} {options.Interval} candles from {trades.Count} trades to {settings.Out}"));
        return 0;
    }

    /// <summary>Writes the candle CSV (header included): ISO 8601 UTC open times, shortest round-trip numbers.</summary>
    internal static void Write(IReadOnlyList<Candle> candles, TextWriter writer)
    {
        writer.NewLine = "\n";
        writer.WriteLine(Header);
        var row = new StringBuilder();
        foreach (var c in candles)
        {
            row.Clear()
                .Append(WireNames.Time(c.OpenTimeMs)).Append(',')
                .Append(WireNames.Number(c.Open)).Append(',')
                .Append(WireNames.Number(c.High)).Append(',')
                .Append(WireNames.Number(c.Low)).Append(',')
                .Append(WireNames.Number(c.Close)).Append(',')
                .Append(WireNames.Number(c.Volume)).Append(',')
                .Append(c.Trades.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(WireNames.Number(c.BuyVolume)).Append(',')
                .Append(WireNames.Number(c.SellVolume));
            writer.WriteLine(row);
        }
    }
}
