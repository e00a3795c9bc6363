using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Embedded.Sqlite;

/// <summary>
/// <see cref="IStateStore"/> in the <c>state</c> table of a <see cref="SqliteDatabase"/>. An entry of a collection that
/// is needed only for a while (<see cref="StateRetention"/>) gets <c>expires_at_ms</c> on every write; the pruning pass
/// (<see cref="SqlitePruner"/>) removes it after that.
/// </summary>
public sealed class SqliteStateStore : IStateStore
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the store on <paramref name="database"/>; expiry times come from <paramref name="timeProvider"/>.</summary>
    public SqliteStateStore(SqliteDatabase database, TimeProvider? timeProvider = null)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public Task<string?> GetAsync(string collection, string key, CancellationToken cancellationToken = default)
    {
        Validate(collection, key);
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM state WHERE collection = $c AND key = $k";
        command.Parameters.AddWithValue("$c", collection);
        command.Parameters.AddWithValue("$k", key);
        using var r = command.ExecuteReader();
        return Task.FromResult(r.Read() ? SqliteValues.Text(r, 0, $"state {collection}/{key}") : null);
    }

    /// <inheritdoc />
    public Task PutAsync(string collection, string key, string value, CancellationToken cancellationToken = default)
    {
        Validate(collection, key);
        ArgumentNullException.ThrowIfNull(value);
        Write("INSERT OR REPLACE", collection, key, value);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> TryCreateAsync(string collection, string key, string value, CancellationToken cancellationToken = default)
    {
        Validate(collection, key);
        ArgumentNullException.ThrowIfNull(value);
        return Task.FromResult(Write("INSERT OR IGNORE", collection, key, value) == 1);
    }

    /// <inheritdoc />
    public Task<bool> TryDeleteAsync(string collection, string key, CancellationToken cancellationToken = default)
    {
        Validate(collection, key);
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM state WHERE collection = $c AND key = $k";
        command.Parameters.AddWithValue("$c", collection);
        command.Parameters.AddWithValue("$k", key);
        return Task.FromResult(command.ExecuteNonQuery() == 1);
    }

    /// <inheritdoc />
    public Task<bool> TryIncrementAsync(string collection, string key, long limit, CancellationToken cancellationToken = default)
    {
        Validate(collection, key);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0)
        {
            return Task.FromResult(false);
        }

        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        // One statement, so SQLite's write lock makes the read-compare-write atomic across connections and processes.
        command.CommandText = """
            INSERT INTO state (collection, key, value, expires_at_ms) VALUES ($c, $k, '1', $e)
            ON CONFLICT (collection, key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT), expires_at_ms = $e
            WHERE CAST(value AS INTEGER) < $limit
            """;
        command.Parameters.AddWithValue("$c", collection);
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$limit", limit);
        command.Parameters.AddWithValue("$e", ExpiresAt(collection) is { } e ? e : DBNull.Value);
        return Task.FromResult(command.ExecuteNonQuery() == 1);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<KeyValuePair<string, string>>> ListAsync(string collection, CancellationToken cancellationToken = default)
    {
        StoreNames.Validate(collection, nameof(collection));
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        // BINARY collation = ordinal order of the UTF-8 bytes, which for our ASCII names is ordinal order.
        command.CommandText = "SELECT key, value FROM state WHERE collection = $c ORDER BY key COLLATE BINARY";
        command.Parameters.AddWithValue("$c", collection);
        using var r = command.ExecuteReader();
        var list = new List<KeyValuePair<string, string>>();
        while (r.Read())
        {
            var key = SqliteValues.Text(r, 0, $"state {collection}");
            list.Add(new(key, SqliteValues.Text(r, 1, $"state {collection}/{key}")));
        }

        return Task.FromResult<IReadOnlyList<KeyValuePair<string, string>>>(list);
    }

    private static void Validate(string collection, string key)
    {
        StoreNames.Validate(collection, nameof(collection));
        StoreNames.Validate(key, nameof(key));
    }

    private int Write(string verb, string collection, string key, string value)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"{verb} INTO state (collection, key, value, expires_at_ms) VALUES ($c, $k, $v, $e)";
        command.Parameters.AddWithValue("$c", collection);
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$v", value);
        command.Parameters.AddWithValue("$e", ExpiresAt(collection) is { } e ? e : DBNull.Value);
        return command.ExecuteNonQuery();
    }

    private long? ExpiresAt(string collection) =>
        StateRetention.ExpiresAtMs(StateRetention.ForCollection(collection), _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
}
