using System.Globalization;
using System.Text;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Google.Protos.Bigtable;
using Google.Protobuf;

namespace CryptoSignalTracker.Google.Bigtable;

/// <summary>
/// The candle layout of <c>market-data-1m</c>: row key <c>{SYMBOL}#{minute start, Unix seconds}</c>,
/// one family (default <c>market</c>), qualifiers <c>open</c>, <c>high</c>, <c>low</c>, <c>close</c>,
/// <c>volume</c> (the original's) and <c>trades</c>, <c>buy_volume</c>, <c>sell_volume</c> (ours, written
/// only when known), each value decimal text in UTF-8 in shortest round-trip form.
/// </summary>
public static class CandleRowCodec
{
    /// <summary>Qualifier of the open price.</summary>
    public const string Open = "open";

    /// <summary>Qualifier of the high price.</summary>
    public const string High = "high";

    /// <summary>Qualifier of the low price.</summary>
    public const string Low = "low";

    /// <summary>Qualifier of the close price.</summary>
    public const string Close = "close";

    /// <summary>Qualifier of the volume (base currency).</summary>
    public const string Volume = "volume";

    /// <summary>Qualifier of the trade count (ours; absent in the original's rows).</summary>
    public const string Trades = "trades";

    /// <summary>Qualifier of the taker-buy volume (ours).</summary>
    public const string BuyVolume = "buy_volume";

    /// <summary>Qualifier of the taker-sell volume (ours).</summary>
    public const string SellVolume = "sell_volume";

    /// <summary>Separator between symbol and seconds in the row key.</summary>
    public const char KeySeparator = '#';

    /// <summary>Timestamp meaning "the server's time" in SetCell.</summary>
    public const long ServerTimestamp = -1;

    // Longest shortest-round-trip double text is 24 chars ("-1.2345678901234567E-308"); 32 leaves room.
    private const int NumberBufferBytes = 32;

    private static readonly ByteString OpenQ = ByteString.CopyFromUtf8(Open);
    private static readonly ByteString HighQ = ByteString.CopyFromUtf8(High);
    private static readonly ByteString LowQ = ByteString.CopyFromUtf8(Low);
    private static readonly ByteString CloseQ = ByteString.CopyFromUtf8(Close);
    private static readonly ByteString VolumeQ = ByteString.CopyFromUtf8(Volume);
    private static readonly ByteString TradesQ = ByteString.CopyFromUtf8(Trades);
    private static readonly ByteString BuyVolumeQ = ByteString.CopyFromUtf8(BuyVolume);
    private static readonly ByteString SellVolumeQ = ByteString.CopyFromUtf8(SellVolume);

    // The first RequiredColumns are the original's OHLCV columns; the rest are optional.
    private const int RequiredColumns = 5;
    private static readonly string[] Columns = [Open, High, Low, Close, Volume, Trades, BuyVolume, SellVolume];
    private static readonly ByteString[] ColumnQualifiers = [OpenQ, HighQ, LowQ, CloseQ, VolumeQ, TradesQ, BuyVolumeQ, SellVolumeQ];

    /// <summary>Row key text, e.g. <c>BTCUSDT#1748622540</c>.</summary>
    public static string RowKeyText(string symbol, long openTimeMs) =>
        string.Create(CultureInfo.InvariantCulture, $"{symbol}{KeySeparator}{openTimeMs / 1000}");

    /// <summary>Row key bytes.</summary>
    public static ByteString RowKey(string symbol, long openTimeMs) => ByteString.CopyFromUtf8(RowKeyText(symbol, openTimeMs));

    /// <summary>
    /// The mutations that make a row hold exactly <paramref name="candle"/>: delete the family (so no
    /// stale column survives a rewrite), then set every known column at the server's time.
    /// </summary>
    public static void AddMutations(Candle candle, string family, ICollection<Mutation> mutations)
    {
        mutations.Add(new Mutation { DeleteFromFamily = new Mutation.Types.DeleteFromFamily { FamilyName = family } });
        mutations.Add(Set(family, OpenQ, candle.Open));
        mutations.Add(Set(family, HighQ, candle.High));
        mutations.Add(Set(family, LowQ, candle.Low));
        mutations.Add(Set(family, CloseQ, candle.Close));
        mutations.Add(Set(family, VolumeQ, candle.Volume));
        if (candle.Trades >= 0)
        {
            mutations.Add(Set(family, TradesQ, ByteString.CopyFromUtf8(candle.Trades.ToString(CultureInfo.InvariantCulture))));
        }

        if (!double.IsNaN(candle.BuyVolume))
        {
            mutations.Add(Set(family, BuyVolumeQ, candle.BuyVolume));
        }

        if (!double.IsNaN(candle.SellVolume))
        {
            mutations.Add(Set(family, SellVolumeQ, candle.SellVolume));
        }
    }

    /// <summary>Encodes a number as its shortest round-trip decimal text in UTF-8 (same text as <see cref="WireNames.Number"/>).</summary>
    public static ByteString EncodeNumber(double value)
    {
        Span<byte> buffer = stackalloc byte[NumberBufferBytes];
        if (!value.TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture))
        {
            return ByteString.CopyFromUtf8(WireNames.Number(value));
        }

        return ByteString.CopyFrom(buffer[..written]);
    }

    /// <summary>
    /// Decodes a row of <paramref name="symbol"/> into a candle, using the newest cell of each column of
    /// <paramref name="family"/>. Throws <see cref="CorruptRecordException"/> naming the row when the key
    /// or a value cannot be decoded or an OHLCV column is missing.
    /// </summary>
    public static Candle Decode(BigtableRow row, string symbol, string family)
    {
        ArgumentNullException.ThrowIfNull(row);
        var key = row.KeyText;
        var openTimeMs = ParseKey(key, symbol);

        // Cells of one column arrive newest first: the first one seen is the current value.
        var values = new ByteString?[Columns.Length];
        foreach (var cell in row.Cells)
        {
            if (cell.Family != family)
            {
                continue;
            }

            var index = Array.IndexOf(ColumnQualifiers, cell.Qualifier);
            if (index >= 0)
            {
                values[index] ??= cell.Value;
            }
        }

        var missing = Enumerable.Range(0, RequiredColumns).Where(i => values[i] is null).Select(i => $"{family}:{Columns[i]}").ToArray();
        if (missing.Length > 0)
        {
            throw new CorruptRecordException(key, $"column(s) {string.Join(", ", missing)} missing");
        }

        return new Candle(
            openTimeMs,
            Number(key, 0, values[0]!),
            Number(key, 1, values[1]!),
            Number(key, 2, values[2]!),
            Number(key, 3, values[3]!),
            Number(key, 4, values[4]!),
            values[5] is { } trades ? Integer(key, 5, trades) : -1,
            values[6] is { } buy ? Number(key, 6, buy) : double.NaN,
            values[7] is { } sell ? Number(key, 7, sell) : double.NaN);
    }

    private static long ParseKey(string key, string symbol)
    {
        var hash = key.LastIndexOf(KeySeparator);
        if (hash <= 0 || !key.AsSpan(0, hash).SequenceEqual(symbol)
            || !long.TryParse(key.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            throw new CorruptRecordException(key, $"row key is not '{symbol}{KeySeparator}<unix seconds>'");
        }

        return seconds * 1000;
    }

    private static double Number(string key, int column, ByteString value)
    {
        if (double.TryParse(value.Span, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return number;
        }

        throw new CorruptRecordException(key, $"column '{Columns[column]}' holds '{Preview(value)}', not a decimal number");
    }

    private static int Integer(string key, int column, ByteString value)
    {
        if (int.TryParse(value.Span, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        throw new CorruptRecordException(key, $"column '{Columns[column]}' holds '{Preview(value)}', not a non-negative integer");
    }

    private static string Preview(ByteString value)
    {
        const int maxPreview = 40;
        var text = Encoding.UTF8.GetString(value.Span[..Math.Min(value.Length, maxPreview)]);
        return value.Length > maxPreview ? text + "..." : text;
    }

    private static Mutation Set(string family, ByteString qualifier, double value) => Set(family, qualifier, EncodeNumber(value));

    private static Mutation Set(string family, ByteString qualifier, ByteString value) => new()
    {
        SetCell = new Mutation.Types.SetCell
        {
            FamilyName = family,
            ColumnQualifier = qualifier,
            TimestampMicros = ServerTimestamp,
            Value = value,
        },
    };
}
