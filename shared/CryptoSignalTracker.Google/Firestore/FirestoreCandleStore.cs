using System.Globalization;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Google.Protos.Firestore;

namespace CryptoSignalTracker.Google.Firestore;

/// <summary>
/// <see cref="ICandleStore"/> as Firestore documents <c>candles_1m/{SYMBOL}/minutes/{unix seconds}</c> (selected with
/// <c>CANDLE_STORE=firestore</c>): the store for a deployment that does not want to pay for a Bigtable node. A write
/// replaces whole documents (so no stale field survives a rewrite), up to <see cref="MaxWritesPerCommit"/> per commit;
/// a read is one range query on <c>open_time_ms</c> within the symbol's subcollection.
/// </summary>
public sealed class FirestoreCandleStore : ICandleStore
{
    /// <summary>Firestore's limit of writes in one commit.</summary>
    public const int MaxWritesPerCommit = 500;

    private const string OpenTimeField = "open_time_ms";

    private readonly FirestoreDatabase _database;

    /// <summary>Creates the store on <paramref name="database"/>.</summary>
    public FirestoreCandleStore(FirestoreDatabase database)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
    }

    /// <inheritdoc />
    public async Task WriteAsync(string symbol, IReadOnlyList<Candle> candles, CancellationToken cancellationToken = default)
    {
        var s = CandleStoreGuard.ValidateWrite(symbol, candles);
        foreach (var chunk in candles.Chunk(MaxWritesPerCommit))
        {
            var writes = chunk.Select(c =>
            {
                var document = new Document { Name = DocumentName(s, c.OpenTimeMs) };
                document.Fields.Add(Encode(c));
                return new Write { Update = document };
            }).ToArray();
            await _database.CommitAsync(writes, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Candle>> ReadAsync(string symbol, long fromMs, long toMs, CancellationToken cancellationToken = default)
    {
        var s = CandleStoreGuard.ValidateRead(symbol, fromMs, toMs);
        if (toMs <= fromMs)
        {
            return [];
        }

        var parent = _database.DocumentName(FirestoreCollections.Candles, s);
        var documents = await _database.QueryRangeAsync(parent, FirestoreCollections.CandleMinutes, OpenTimeField, fromMs, toMs, cancellationToken)
            .ConfigureAwait(false);
        return documents.Select(Decode).ToArray();
    }

    private string DocumentName(string symbol, long openTimeMs) =>
        _database.DocumentName(
            FirestoreCollections.Candles,
            symbol,
            FirestoreCollections.CandleMinutes,
            (openTimeMs / 1000).ToString(CultureInfo.InvariantCulture));

    private static Dictionary<string, Value> Encode(Candle c)
    {
        var fields = new Dictionary<string, Value>
        {
            [OpenTimeField] = FirestoreFields.Of(c.OpenTimeMs),
            ["open"] = FirestoreFields.Of(c.Open),
            ["high"] = FirestoreFields.Of(c.High),
            ["low"] = FirestoreFields.Of(c.Low),
            ["close"] = FirestoreFields.Of(c.Close),
            ["volume"] = FirestoreFields.Of(c.Volume),
        };

        // Unknown trade count and taker volumes (OHLCV-only sources) are left out and read back as unknown.
        if (c.Trades >= 0)
        {
            fields["trades"] = FirestoreFields.Of(c.Trades);
        }

        if (double.IsFinite(c.BuyVolume))
        {
            fields["buy_volume"] = FirestoreFields.Of(c.BuyVolume);
        }

        if (double.IsFinite(c.SellVolume))
        {
            fields["sell_volume"] = FirestoreFields.Of(c.SellVolume);
        }

        return fields;
    }

    private static Candle Decode(Document d) => FirestoreFields.Decode(d, () => new Candle(
        FirestoreFields.Integer(d, OpenTimeField),
        FirestoreFields.Number(d, "open"),
        FirestoreFields.Number(d, "high"),
        FirestoreFields.Number(d, "low"),
        FirestoreFields.Number(d, "close"),
        FirestoreFields.Number(d, "volume"),
        d.Fields.ContainsKey("trades") ? checked((int)FirestoreFields.Integer(d, "trades")) : -1,
        d.Fields.ContainsKey("buy_volume") ? FirestoreFields.Number(d, "buy_volume") : double.NaN,
        d.Fields.ContainsKey("sell_volume") ? FirestoreFields.Number(d, "sell_volume") : double.NaN));
}
