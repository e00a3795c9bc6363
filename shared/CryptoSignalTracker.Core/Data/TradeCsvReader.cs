using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Validation;

namespace CryptoSignalTracker.Core.Data;

/// <summary>
/// Reads trade CSV files into <see cref="Trade"/>s, recognising the layout from the header:
/// <list type="bullet">
/// <item>Bybit public trade archive: <c>timestamp,symbol,side,size,price,tickDirection,trdMatchID,grossValue,homeNotional,foreignNotional</c>
/// (timestamp in seconds with a fraction, side <c>Buy</c>/<c>Sell</c>). Such a file may run newest-first
/// throughout; it is then returned oldest-first.</item>
/// <item>Binance trade CSV: <c>id,price,qty,quote_qty,time,is_buyer_maker[,is_best_match]</c> (time in ms); header-less
/// files are recognised by a numeric first field. The symbol comes from the argument or the file name
/// (<c>BTCUSDT-trades-2024-08-08.csv</c>).</item>
/// <item>The capture layout of the project's data set: <c>trade_time_ms,...,symbol,trade_id,price,qty,is_buyer_maker,...</c>
/// (columns found by name).</item>
/// </list>
/// <c>is_buyer_maker=true</c> means the buyer was the resting order, so the taker <b>sold</b>.
/// </summary>
/// <remarks>
/// A file holds one symbol. Every row is checked (column count, finite positive price and size, a trade id,
/// the symbol, non-decreasing time; equal times are fine). The first bad row stops the read with a
/// <see cref="DataFormatException"/> naming file, line and problem; nothing is skipped.
/// </remarks>
public static class TradeCsvReader
{
    private static readonly string[] BybitArchiveColumns = ["timestamp", "symbol", "side", "size", "price", "tickdirection", "trdmatchid"];
    private static readonly string[] BinanceColumns = ["id", "price", "qty", "quote_qty", "time", "is_buyer_maker"];
    private static readonly string[] QuoteCurrencies = ["USDT", "USDC", "FDUSD", "BUSD", "USD", "BTC", "ETH", "BNB", "EUR"];

    /// <summary>Reads the trade file at <paramref name="path"/>.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="symbol">The instrument; required when neither the file nor its name says. When given, rows naming another symbol are an error.</param>
    /// <exception cref="DataFormatException">A row or the header is not valid.</exception>
    public static IReadOnlyList<Trade> ReadFile(string path, string? symbol = null)
    {
        using var reader = DataFile.OpenText(path);
        return Read(reader, path, symbol);
    }

    /// <summary>Reads trades from <paramref name="reader"/>; <paramref name="sourceName"/> names it in errors (and may carry the symbol).</summary>
    /// <exception cref="DataFormatException">A row or the header is not valid.</exception>
    public static IReadOnlyList<Trade> Read(TextReader reader, string sourceName, string? symbol)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        using var lines = new CsvLineReader(reader, sourceName);
        if (!lines.TryReadLine(out var first))
        {
            throw new DataFormatException(sourceName, 1, "the file is empty (expected a trade CSV header)");
        }

        string? requested = null;
        if (symbol is not null)
        {
            requested = Symbols.IsWellFormed(symbol.Trim().ToUpperInvariant())
                ? symbol.Trim().ToUpperInvariant()
                : throw new ArgumentException($"'{symbol}' is not a symbol (expected e.g. BTCUSDT)", nameof(symbol));
        }

        var layout = Layout.FromHeader(lines, first, out var firstIsData);
        var state = new RowState
        {
            Symbol = layout.Symbol >= 0 ? requested : requested ?? SymbolFromFileName(sourceName)
                ?? throw lines.Error("the file has no symbol column and its name does not start with a symbol; pass the symbol"),
            Requested = requested,
            AllowDescending = layout.IsBybitArchive,
        };
        var trades = new List<Trade>();
        if (firstIsData)
        {
            AddRow(trades, lines, first, layout, ref state);
        }

        while (lines.TryReadLine(out var line))
        {
            AddRow(trades, lines, line, layout, ref state);
        }

        if (state.Direction < 0)
        {
            trades.Reverse();
        }

        return trades;
    }

    private static void AddRow(List<Trade> trades, CsvLineReader lines, ReadOnlySpan<char> line, Layout layout, ref RowState state)
    {
        Span<Range> ranges = stackalloc Range[CsvFields.MaxColumns + 1];
        var count = line.Split(ranges, ',');
        if (count != layout.Columns)
        {
            throw lines.Error($"row has {count} columns, the header has {layout.Columns}{(count < layout.Columns ? " (truncated row?)" : string.Empty)}");
        }

        var time = CsvFields.Time(lines, line[ranges[layout.Time]], layout.TimeName);
        var price = CsvFields.Price(lines, line[ranges[layout.Price]], "price");
        var size = CsvFields.Number(lines, line[ranges[layout.Size]], layout.SizeName);
        if (size <= 0)
        {
            throw lines.Error($"{layout.SizeName} {line[ranges[layout.Size]].ToString()} is not a positive size");
        }

        TakerSide side;
        if (layout.Side >= 0)
        {
            var text = line[ranges[layout.Side]].Trim();
            side = text.Equals("Buy", StringComparison.OrdinalIgnoreCase) ? TakerSide.Buy
                : text.Equals("Sell", StringComparison.OrdinalIgnoreCase) ? TakerSide.Sell
                : throw lines.Error($"side '{text.ToString()}' is not Buy or Sell");
        }
        else
        {
            side = CsvFields.Boolean(lines, line[ranges[layout.BuyerMaker]], "is_buyer_maker") ? TakerSide.Sell : TakerSide.Buy;
        }

        var idText = line[ranges[layout.Id]].Trim();
        if (idText.IsEmpty)
        {
            throw lines.Error($"{layout.IdName} is empty");
        }

        if (layout.Symbol >= 0)
        {
            CheckSymbol(lines, line[ranges[layout.Symbol]].Trim(), ref state);
        }

        CheckOrder(lines, time, ref state);
        var trade = new Trade(time, state.Symbol!, side, price, size, TradeId.Parse(idText));
        if (InputRules.Trade(trade, "trade") is { } problem)
        {
            throw lines.Error(problem); // e.g. a size of 1e308, which `aggregate` used to write out as Infinity
        }

        trades.Add(trade);
    }

    private static void CheckSymbol(CsvLineReader lines, ReadOnlySpan<char> text, ref RowState state)
    {
        if (state.Symbol is null)
        {
            var symbol = text.ToString().ToUpperInvariant();
            state.Symbol = Symbols.IsWellFormed(symbol) ? symbol : throw lines.Error($"symbol '{text.ToString()}' is not a symbol");
        }
        else if (!text.Equals(state.Symbol, StringComparison.OrdinalIgnoreCase))
        {
            throw lines.Error(state.Requested is not null
                ? $"symbol {text.ToString()} is not the requested {state.Requested}"
                : $"symbol {text.ToString()} differs from {state.Symbol} on the rows before (a file holds one symbol)");
        }
    }

    private static void CheckOrder(CsvLineReader lines, long time, ref RowState state)
    {
        if (state.Rows > 0 && time != state.Previous)
        {
            var direction = time > state.Previous ? 1 : -1;
            if (state.Direction == 0)
            {
                if (direction < 0 && !state.AllowDescending)
                {
                    throw lines.Error(OrderProblem(time, state.Previous));
                }

                state.Direction = direction;
            }
            else if (direction != state.Direction)
            {
                throw lines.Error(state.Direction > 0
                    ? OrderProblem(time, state.Previous)
                    : $"time {WireNames.Time(time)} is after the previous row's {WireNames.Time(state.Previous)} in a newest-first file (rows must be in one time order)");
            }
        }

        state.Previous = time;
        state.Rows++;
    }

    private static string OrderProblem(long time, long previous) =>
        $"time {WireNames.Time(time)} is before the previous row's {WireNames.Time(previous)} (trades must be in time order)";

    private static string? SymbolFromFileName(string sourceName)
    {
        var name = Path.GetFileName(sourceName.AsSpan());
        var length = 0;
        while (length < name.Length && char.IsAsciiLetterOrDigit(name[length]))
        {
            length++;
        }

        var candidate = name[..length].ToString().ToUpperInvariant();
        return Symbols.IsWellFormed(candidate) && QuoteCurrencies.Any(q => candidate.Length > q.Length && candidate.EndsWith(q, StringComparison.Ordinal))
            ? candidate
            : null;
    }

    private struct RowState
    {
        public string? Symbol;
        public string? Requested;
        public bool AllowDescending;
        public long Previous;
        public long Rows;
        public int Direction;
    }

    /// <summary>Where each column sits, decided once from the header (-1 = absent).</summary>
    private sealed record Layout(
        int Columns, int Time, string TimeName, int Symbol, int Side, int BuyerMaker, int Size, string SizeName, int Price, int Id, string IdName, bool IsBybitArchive)
    {
        private const int BinanceMinColumns = 6;
        private const int BinanceMaxColumns = 7;

        public static Layout FromHeader(CsvLineReader lines, ReadOnlySpan<char> header, out bool firstIsData)
        {
            var names = CsvFields.SplitHeader(header);
            firstIsData = false;
            if (names.Length >= BybitArchiveColumns.Length && names.AsSpan(0, BybitArchiveColumns.Length).SequenceEqual(BybitArchiveColumns))
            {
                return new Layout(names.Length, 0, "timestamp", 1, 2, -1, 3, "size", 4, 6, "trdMatchID", IsBybitArchive: true);
            }

            if (names.Length is BinanceMinColumns or BinanceMaxColumns && names.AsSpan(0, BinanceColumns.Length).SequenceEqual(BinanceColumns))
            {
                return Binance(names.Length);
            }

            if (names.Length is BinanceMinColumns or BinanceMaxColumns && CsvFields.IsDigits(header[..header.IndexOf(',')]))
            {
                firstIsData = true;
                return Binance(names.Length);
            }

            var time = Array.IndexOf(names, "trade_time_ms");
            var symbol = Array.IndexOf(names, "symbol");
            var id = Array.IndexOf(names, "trade_id");
            var price = Array.IndexOf(names, "price");
            var qty = Array.IndexOf(names, "qty");
            var buyerMaker = Array.IndexOf(names, "is_buyer_maker");
            if (time >= 0 && symbol >= 0 && id >= 0 && price >= 0 && qty >= 0 && buyerMaker >= 0)
            {
                return new Layout(names.Length, time, "trade_time_ms", symbol, -1, buyerMaker, qty, "qty", price, id, "trade_id", IsBybitArchive: false);
            }

            throw lines.Error($"unrecognised trade header '{header.ToString()}'; expected timestamp,symbol,side,size,price,tickDirection,trdMatchID,... (Bybit archive), id,price,qty,quote_qty,time,is_buyer_maker (Binance) or trade_time_ms,...,symbol,trade_id,price,qty,is_buyer_maker,...");
        }

        private static Layout Binance(int columns) => new(columns, 4, "time", -1, -1, 5, 2, "qty", 1, 0, "id", IsBybitArchive: false);
    }
}
