using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Embedded.Sqlite;

/// <summary>
/// The embedded backend's counterpart of Firestore's TTL policies: deletes the state entries and idempotency claims
/// whose <c>expires_at_ms</c> has passed (see <see cref="StateRetention"/>). Entries without an expiry are never touched.
/// </summary>
public sealed class SqlitePruner
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the pass on <paramref name="database"/>, judging expiry by <paramref name="timeProvider"/>.</summary>
    public SqlitePruner(SqliteDatabase database, TimeProvider? timeProvider = null)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Deletes every expired entry and claim; returns how many rows went.</summary>
    public int Prune()
    {
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var deleted = 0;
        foreach (var table in new[] { "state", "claims" })
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"DELETE FROM {table} WHERE expires_at_ms IS NOT NULL AND expires_at_ms <= $now";
            command.Parameters.AddWithValue("$now", now);
            deleted += command.ExecuteNonQuery();
        }

        transaction.Commit();
        return deleted;
    }

    /// <summary>Rows per state collection (partial collections summed as <c>partials.*</c>), per claim scope (<c>claims:{scope}</c>) and per other table.</summary>
    public IReadOnlyDictionary<string, long> Count()
    {
        using var connection = _database.Open();
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        Read(connection, $"SELECT CASE WHEN collection LIKE '{StateRetention.PartialsPrefix}%' THEN '{StateRetention.PartialsPrefix}*' ELSE collection END, COUNT(*) FROM state GROUP BY 1", "", counts);
        Read(connection, "SELECT scope, COUNT(*) FROM claims GROUP BY scope", "claims:", counts);
        foreach (var table in new[] { "candles", "positions", "closed_trades", "macro_bias", "alert_deliveries", "leases" })
        {
            Read(connection, $"SELECT '{table}', COUNT(*) FROM {table}", "table:", counts);
        }

        return counts;
    }

    private static void Read(Microsoft.Data.Sqlite.SqliteConnection connection, string sql, string prefix, SortedDictionary<string, long> counts)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            counts[prefix + r.GetString(0)] = r.GetInt64(1);
        }
    }
}
