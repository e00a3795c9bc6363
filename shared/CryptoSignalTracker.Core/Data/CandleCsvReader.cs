using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Validation;
using nietras.SeparatedValues;

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
/// header and no rows gives an empty list from <see cref="ReadFile"/> (the downloader resumes such a file) and an error
/// from <see cref="ReadFileChunks"/> (a backtest needs candles); commands that need candles refuse it. Lines end with
/// <c>\n</c>, <c>\r\n</c> or a lone <c>\r</c>; bytes that are not UTF-8 name the file. The rows are split and
/// the numbers parsed by the Sep package (vectorised splitting, csFastFloat; a number it refuses is parsed again
/// by <see cref="double.TryParse(ReadOnlySpan{char}, System.Globalization.NumberStyles, IFormatProvider?, out double)"/>,
/// so the accepted spellings and the values are .NET's). Quotes have no meaning, as before: a quoted number is not a
/// number. <see cref="ReadFileChunks"/> hands a file out in pieces, for backtests of more candles than fit in memory.
/// </remarks>
public static class CandleCsvReader
{
    /// <summary>Candles per piece handed out by <see cref="ReadFileChunks"/>.</summary>
    public const int ChunkCandles = 16_384;

    private const int BinanceHeaderlessColumns = 12;
    private const int BinanceHeaderlessTrades = 8;
    private const int BinanceHeaderlessTakerBuy = 9;
    private const int InitialCandles = 4096;
    private const char ByteOrderMark = '\uFEFF';

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
        using var rows = new CandleRows(reader, sourceName);
        var candles = new Candle[InitialCandles];
        var count = 0;
        while (true)
        {
            if (count == candles.Length)
            {
                Array.Resize(ref candles, candles.Length * 2);
            }

            var read = rows.Fill(candles.AsSpan(count));
            if (read == 0)
            {
                return count == candles.Length ? candles : candles[..count];
            }

            count += read;
        }
    }

    /// <summary>
    /// Reads the candle file at <paramref name="path"/> piece by piece (<paramref name="chunkCandles"/> candles at a time,
    /// the last piece shorter), checked exactly as <see cref="ReadFile"/> checks them. The file is opened on the first
    /// <c>MoveNext</c> and closed when the enumerator is disposed. Every piece is the same buffer: it is valid until the
    /// next one is asked for (what <see cref="Backtesting.SymbolStream"/> expects).
    /// </summary>
    /// <exception cref="DataFormatException">A row or the header is not valid (thrown when that piece is read).</exception>
    public static IEnumerable<ReadOnlyMemory<Candle>> ReadFileChunks(string path, int chunkCandles = ChunkCandles)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkCandles, 1);
        return Chunks(path, chunkCandles);
    }

    private static IEnumerable<ReadOnlyMemory<Candle>> Chunks(string path, int chunkCandles)
    {
        using var reader = DataFile.OpenText(path);
        using var rows = new CandleRows(reader, path);
        var buffer = new Candle[chunkCandles];
        var any = false;
        while (rows.Fill(buffer) is var read and > 0)
        {
            any = true;
            yield return buffer.AsMemory(0, read);
        }

        if (!any)
        {
            throw new DataFormatException(path, "no candles after the header (an empty download?)");
        }
    }

    /// <summary>The rows of one candle CSV, parsed and checked: the header once, then candles into the caller's buffer.</summary>
    private sealed class CandleRows : IDisposable
    {
        private readonly SepReader _reader;
        private readonly string _source;
        private Layout? _layout;
        private long _previous = long.MinValue;
        private long _blankLine;
        private long _line;

        public CandleRows(TextReader reader, string source)
        {
            _source = source;
            try
            {
                _reader = Sep.New(',').Reader(o => o with { HasHeader = false, DisableColCountCheck = true, DisableQuotesParsing = true }).From(reader);
            }
            catch (System.Text.DecoderFallbackException)
            {
                throw new DataFormatException(source, 1, "bytes that are not UTF-8 text: a compressed or binary file, not a CSV?");
            }
        }

        /// <summary>Parses rows into <paramref name="buffer"/> until it is full or the input ends; returns how many.</summary>
        public int Fill(Span<Candle> buffer)
        {
            var count = 0;
            while (count < buffer.Length && MoveNext())
            {
                var row = _reader.Current;
                var line = ++_line; // without quotes one row is one line (Sep's own line numbers start at 2 for a first row of text)
                var text = row.Span;
                var first = _layout is null;
                if (first && line == 1 && text.Length > 0 && text[0] == ByteOrderMark)
                {
                    text = text[1..];
                }

                if (text.IsWhiteSpace())
                {
                    if (_blankLine == 0)
                    {
                        _blankLine = line;
                    }

                    continue;
                }

                if (_blankLine != 0)
                {
                    throw new DataFormatException(_source, _blankLine, "blank line in the middle of the data");
                }

                var site = new RowSite(_source, line);
                if (first)
                {
                    _layout = Layout.FromHeader(site, text, out var firstIsData);
                    if (!firstIsData)
                    {
                        continue;
                    }
                }

                buffer[count++] = Parse(row, site, _layout!, trimByteOrderMark: first);
            }

            if (count == 0 && _layout is null)
            {
                throw new DataFormatException(_source, 1, "the file is empty (expected a header such as timestamp,open,high,low,close,volume)");
            }

            return count;
        }

        public void Dispose() => _reader.Dispose();

        /// <summary>The next row; bytes that are not UTF-8 (a compressed or binary file) are an error naming the file.</summary>
        private bool MoveNext()
        {
            try
            {
                return _reader.MoveNext();
            }
            catch (System.Text.DecoderFallbackException)
            {
                throw new DataFormatException(_source, _line + 1, "bytes that are not UTF-8 text: a compressed or binary file, not a CSV?");
            }
        }

        private Candle Parse(SepReader.Row row, RowSite site, Layout layout, bool trimByteOrderMark)
        {
            var columns = row.ColCount;
            if (columns != layout.Columns)
            {
                throw site.Error($"row has {columns} columns, the header has {layout.Columns}{(columns < layout.Columns ? " (truncated row?)" : string.Empty)}");
            }

            var timeText = row[0].Span;
            if (trimByteOrderMark && timeText.Length > 0 && timeText[0] == ByteOrderMark)
            {
                timeText = timeText[1..];
            }

            var time = CsvFields.Time(site, timeText, layout.TimeName);
            var open = CsvFields.Price(site, Number(row[1], site, "open"), row[1].Span, "open");
            var high = CsvFields.Price(site, Number(row[2], site, "high"), row[2].Span, "high");
            var low = CsvFields.Price(site, Number(row[3], site, "low"), row[3].Span, "low");
            var close = CsvFields.Price(site, Number(row[4], site, "close"), row[4].Span, "close");
            var volume = CsvFields.NonNegative(site, Number(row[5], site, "volume"), row[5].Span, "volume");
            if (high < low)
            {
                throw site.Error($"high {high} is below low {low}");
            }

            if (open > high || open < low || close > high || close < low)
            {
                throw site.Error($"open {open} or close {close} is outside low {low} .. high {high}");
            }

            if (time <= _previous)
            {
                throw site.Error($"time {WireNames.Time(time)} is not after the previous row's {WireNames.Time(_previous)} (candles must be in strictly increasing time order)");
            }

            if (time % 60_000 != 0)
            {
                // Candles are whole-minute bars (1m or a whole number of minutes): an off-minute open time is a broken file.
                throw site.Error($"time {WireNames.Time(time)} is not on a whole minute (candle open times are whole minutes)");
            }

            var trades = layout.Trades >= 0 ? CsvFields.Count(site, row[layout.Trades].Span, layout.TradesName) : -1;
            var buy = layout.Buy >= 0 ? CsvFields.NonNegative(site, Number(row[layout.Buy], site, layout.BuyName), row[layout.Buy].Span, layout.BuyName) : double.NaN;
            var sell = layout.Sell >= 0
                ? CsvFields.NonNegative(site, Number(row[layout.Sell], site, "sell_volume"), row[layout.Sell].Span, "sell_volume")
                : layout.Buy >= 0 ? Math.Max(0, volume - buy) : double.NaN;
            var candle = new Candle(time, open, high, low, close, volume, trades, buy, sell);
            if (!InputRules.IsCandle(candle) && InputRules.Candle(candle, "candle") is { } problem)
            {
                throw site.Error(problem); // e.g. a price of 1e308 or a row dated 3000-01-01
            }

            _previous = time;
            return candle;
        }

        /// <summary>csFastFloat first; what it refuses (or reads as not finite) goes to .NET's parser, which accepts or names it.</summary>
        private static double Number(SepReader.Col column, RowSite site, string name) =>
            column.TryParse<double>() is { } value && double.IsFinite(value) ? value : CsvFields.Number(site, column.Span, name);
    }

    /// <summary>A row's file and line, for errors.</summary>
    private readonly record struct RowSite(string Source, long Line) : IRowSite
    {
        public DataFormatException Error(string problem) => new(Source, Line, problem);
    }

    /// <summary>Where each column sits, decided once from the header.</summary>
    private sealed record Layout(int Columns, string TimeName, int Trades, string TradesName, int Buy, string BuyName, int Sell)
    {
        public static Layout FromHeader(RowSite lines, ReadOnlySpan<char> header, out bool firstIsData)
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
