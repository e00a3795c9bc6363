using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Embedded.Sqlite;

/// <summary><see cref="ICandleStore"/> in the <c>candles</c> table of a <see cref="SqliteDatabase"/> (one row per symbol and minute).</summary>
public sealed class SqliteCandleStore : ICandleStore
{
    private readonly SqliteDatabase _database;

    /// <summary>Creates the store on <paramref name="database"/>.</summary>
    public SqliteCandleStore(SqliteDatabase database)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
    }

    /// <summary>The symbols with at least one stored candle, in ordinal order (what a stopped run traded).</summary>
    public IReadOnlyList<string> ListSymbols()
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT symbol FROM candles ORDER BY symbol";
        using var r = command.ExecuteReader();
        var symbols = new List<string>();
        while (r.Read())
        {
            symbols.Add(r.GetString(0));
        }

        return symbols;
    }

    /// <inheritdoc />
    public Task WriteAsync(string symbol, IReadOnlyList<Candle> candles, CancellationToken cancellationToken = default)
    {
        var s = CandleStoreGuard.ValidateWrite(symbol, candles);
        if (candles.Count == 0)
        {
            return Task.CompletedTask;
        }

        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT OR REPLACE INTO candles (symbol, open_time_ms, open, high, low, close, volume, trades, buy_volume, sell_volume)
            VALUES ($symbol, $t, $o, $h, $l, $c, $v, $n, $buy, $sell)
            """;
        var parameters = new[] { "$symbol", "$t", "$o", "$h", "$l", "$c", "$v", "$n", "$buy", "$sell" }
            .Select(name => command.Parameters.Add(name, Microsoft.Data.Sqlite.SqliteType.Real)).ToArray();
        parameters[0].SqliteType = Microsoft.Data.Sqlite.SqliteType.Text;
        parameters[1].SqliteType = Microsoft.Data.Sqlite.SqliteType.Integer;
        parameters[7].SqliteType = Microsoft.Data.Sqlite.SqliteType.Integer;
        command.Prepare();
        foreach (var c in candles)
        {
            cancellationToken.ThrowIfCancellationRequested();
            parameters[0].Value = s;
            parameters[1].Value = c.OpenTimeMs;
            parameters[2].Value = c.Open;
            parameters[3].Value = c.High;
            parameters[4].Value = c.Low;
            parameters[5].Value = c.Close;
            parameters[6].Value = c.Volume;
            parameters[7].Value = c.Trades;
            parameters[8].Value = double.IsNaN(c.BuyVolume) ? DBNull.Value : c.BuyVolume;
            parameters[9].Value = double.IsNaN(c.SellVolume) ? DBNull.Value : c.SellVolume;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Candle>> ReadAsync(string symbol, long fromMs, long toMs, CancellationToken cancellationToken = default)
    {
        var s = CandleStoreGuard.ValidateRead(symbol, fromMs, toMs);
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT open_time_ms, open, high, low, close, volume, trades, buy_volume, sell_volume
            FROM candles WHERE symbol = $symbol AND open_time_ms >= $from AND open_time_ms < $to
            ORDER BY open_time_ms
            """;
        command.Parameters.AddWithValue("$symbol", s);
        command.Parameters.AddWithValue("$from", fromMs);
        command.Parameters.AddWithValue("$to", toMs);
        using var reader = command.ExecuteReader();
        var candles = new List<Candle>();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var time = reader.GetInt64(0);
            var record = $"candles {s} {WireNames.Time(time)}";
            candles.Add(new Candle(
                time,
                SqliteValues.Real(reader, 1, record),
                SqliteValues.Real(reader, 2, record),
                SqliteValues.Real(reader, 3, record),
                SqliteValues.Real(reader, 4, record),
                SqliteValues.Real(reader, 5, record),
                (int)SqliteValues.Integer(reader, 6, record),
                SqliteValues.Real(reader, 7, record, double.NaN),
                SqliteValues.Real(reader, 8, record, double.NaN)));
        }

        return Task.FromResult<IReadOnlyList<Candle>>(candles);
    }
}
