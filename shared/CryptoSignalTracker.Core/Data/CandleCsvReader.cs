using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Validation;

namespace CryptoSignalTracker.Core.Data;

/// <summary>
/// Reads candle (kline) CSV files into <see cref="Candle"/>s, recognising the layout from the header:
/// <list type="bullet">
/// <item>Bybit kline CSV: <c>timestamp,open,high,low,close,volume</c> (timestamp = bar open time).</item>
/// <item>Binance kline CSV: <c>open_time,open,high,low,close,volume,close_time,...</c> (times in ms); the
/// <c>count</c> and <c>taker_buy_volume</c> columns, when present, give the trade count and the buy/sell split.
/// Binance's header-less 12-column files are recognised by a numeric first field.</item>
/// <item>Daily quotes: <c>date,open,high,low,close,volume</c>.</item>
/// </list>
/// Optional trailing columns <c>trades</c>, <c>buy_volume</c> and <c>sell_volume</c> (what <c>cst aggregate</c>
/// writes) are read too; other extra columns are ignored. Timestamps are parsed by <see cref="TimestampParser"/>.
/// </summary>
/// <remarks>
/// Every row is checked: the column count matches the header, numbers are finite, prices positive, volume not
/// negative, low ≤ open, close ≤ high, open times on whole minutes and strictly increasing. The first bad row stops
/// the read with a <see cref="DataFormatException"/> naming file, line and problem; nothing is skipped. A file with a
/// header and no rows gives an empty list (the downloader resumes such a file); commands that need candles refuse it.
/// </remarks>
public static class CandleCsvReader
{
    private const int BinanceHeaderlessColumns = 12;
    private const int BinanceHeaderlessTrades = 8;
    private const int BinanceHeaderlessTakerBuy = 9;

    private static readonly string[] PriceColumns = ["open", "high", "low", "close", "volume"];

    /// <summary>Reads the candle file at <paramref name="path"/>.</summary>
    /// <exception cref="DataFormatException">A row or the header is not valid.</exception>
    public static IReadOnlyList<Candle> ReadFile(string path)
    {
        using var reader = DataFile.OpenText(path);
        return Read(reader, path);
    }

    /// <summary>Reads candles from <paramref name="reader"/>; <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="DataFormatException">A row or the header is not valid.</exception>
    public static IReadOnlyList<Candle> Read(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        using var lines = new CsvLineReader(reader, sourceName);
        if (!lines.TryReadLine(out var first))
        {
            throw new DataFormatException(sourceName, 1, "the file is empty (expected a header such as timestamp,open,high,low,close,volume)");
        }

        var candles = new List<Candle>();
        var layout = Layout.FromHeader(lines, first, out var firstIsData);
        var previous = long.MinValue;
        if (firstIsData)
        {
            previous = Add(candles, lines, first, layout, previous);
        }

        while (lines.TryReadLine(out var line))
        {
            previous = Add(candles, lines, line, layout, previous);
        }

        return candles;
    }

    private static long Add(List<Candle> candles, CsvLineReader lines, ReadOnlySpan<char> line, Layout layout, long previous)
    {
        Span<Range> ranges = stackalloc Range[CsvFields.MaxColumns + 1];
        var count = line.Split(ranges, ',');
        if (count != layout.Columns)
        {
            throw lines.Error($"row has {count} columns, the header has {layout.Columns}{(count < layout.Columns ? " (truncated row?)" : string.Empty)}");
        }

        var time = CsvFields.Time(lines, line[ranges[0]], layout.TimeName);
        var open = CsvFields.Price(lines, line[ranges[1]], "open");
        var high = CsvFields.Price(lines, line[ranges[2]], "high");
        var low = CsvFields.Price(lines, line[ranges[3]], "low");
        var close = CsvFields.Price(lines, line[ranges[4]], "close");
        var volume = CsvFields.NonNegative(lines, line[ranges[5]], "volume");
        if (high < low)
        {
            throw lines.Error($"high {high} is below low {low}");
        }

        if (open > high || open < low || close > high || close < low)
        {
            throw lines.Error($"open {open} or close {close} is outside low {low} .. high {high}");
        }

        if (time <= previous)
        {
            throw lines.Error($"time {WireNames.Time(time)} is not after the previous row's {WireNames.Time(previous)} (candles must be in strictly increasing time order)");
        }

        if (time % 60_000 != 0)
        {
            // Candles are whole-minute bars (1m or a whole number of minutes): an off-minute open time is a broken file.
            throw lines.Error($"time {WireNames.Time(time)} is not on a whole minute (candle open times are whole minutes)");
        }

        var trades = layout.Trades >= 0 ? CsvFields.Count(lines, line[ranges[layout.Trades]], layout.TradesName) : -1;
        var buy = layout.Buy >= 0 ? CsvFields.NonNegative(lines, line[ranges[layout.Buy]], layout.BuyName) : double.NaN;
        var sell = layout.Sell >= 0
            ? CsvFields.NonNegative(lines, line[ranges[layout.Sell]], "sell_volume")
            : layout.Buy >= 0 ? Math.Max(0, volume - buy) : double.NaN;
        var candle = new Candle(time, open, high, low, close, volume, trades, buy, sell);
        if (InputRules.Candle(candle, "candle") is { } problem)
        {
            throw lines.Error(problem); // e.g. a price of 1e308 or a row dated 3000-01-01
        }

        candles.Add(candle);
        return time;
    }

    /// <summary>Where each column sits, decided once from the header.</summary>
    private sealed record Layout(int Columns, string TimeName, int Trades, string TradesName, int Buy, string BuyName, int Sell)
    {
        public static Layout FromHeader(CsvLineReader lines, ReadOnlySpan<char> header, out bool firstIsData)
        {
            var names = CsvFields.SplitHeader(header);
            firstIsData = false;
            if (names.Length >= BinanceHeaderlessColumns - 1 && CsvFields.IsDigits(header[..header.IndexOf(',')]))
            {
                firstIsData = true;
                return names.Length == BinanceHeaderlessColumns
                    ? new Layout(BinanceHeaderlessColumns, "open_time", BinanceHeaderlessTrades, "count", BinanceHeaderlessTakerBuy, "taker_buy_volume", -1)
                    : throw lines.Error($"a header-less Binance kline row has {BinanceHeaderlessColumns} columns, this one {names.Length}");
            }

            if (names.Length < 6 || names[0] is not ("timestamp" or "open_time" or "date") || !names.AsSpan(1, PriceColumns.Length).SequenceEqual(PriceColumns))
            {
                throw lines.Error($"unrecognised candle header '{header.ToString()}'; expected timestamp,open,high,low,close,volume (Bybit), open_time,open,high,low,close,volume,close_time,... (Binance) or date,open,high,low,close,volume");
            }

            if (names[0] == "open_time" && (names.Length < 7 || names[6] != "close_time"))
            {
                throw lines.Error("a Binance kline header has close_time as its 7th column");
            }

            var trades = Find(names, "trades", "count", "number_of_trades");
            var buy = Find(names, "buy_volume", "taker_buy_volume", "taker_buy_base_asset_volume");
            var sell = Find(names, "sell_volume");
            if (sell >= 0 && buy < 0)
            {
                throw lines.Error("the header has sell_volume but no buy_volume");
            }

            return new Layout(names.Length, names[0], trades, trades >= 0 ? names[trades] : string.Empty, buy, buy >= 0 ? names[buy] : string.Empty, sell);
        }

        private static int Find(string[] names, params ReadOnlySpan<string> candidates)
        {
            foreach (var candidate in candidates)
            {
                var index = Array.IndexOf(names, candidate);
                if (index >= 0)
                {
                    return index;
                }
            }

            return -1;
        }
    }
}
