using CryptoSignalTracker.Core.Ports;
using Microsoft.Data.Sqlite;

namespace CryptoSignalTracker.Embedded.Sqlite;

/// <summary>
/// <see cref="IWriterLeaseStore"/> in the <c>leases</c> table of a <see cref="SqliteDatabase"/> (one row per lease:
/// holder, token, expiry). Acquiring and fenced writes run in <c>BEGIN IMMEDIATE</c> transactions, so they serialise
/// across threads and processes on the file: a fenced write and a takeover never interleave.
/// </summary>
public sealed class SqliteWriterLeaseStore : IWriterLeaseStore
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the store on <paramref name="database"/>; expiry is judged by <paramref name="timeProvider"/>.</summary>
    public SqliteWriterLeaseStore(SqliteDatabase database, TimeProvider? timeProvider = null)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public Task<WriterLeaseGrant?> TryAcquireAsync(string lease, string holder, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        WriterLeaseRules.Validate(lease, holder, duration);
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var current = Read(connection, transaction, lease);
        if (WriterLeaseRules.Next(current, lease, holder, duration, now) is not { } grant)
        {
            return Task.FromResult<WriterLeaseGrant?>(null);
        }

        using var write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandText = "INSERT OR REPLACE INTO leases (name, holder, token, expires_at_ms) VALUES ($n, $h, $t, $e)";
        write.Parameters.AddWithValue("$n", lease);
        write.Parameters.AddWithValue("$h", holder);
        write.Parameters.AddWithValue("$t", grant.Token);
        write.Parameters.AddWithValue("$e", grant.ExpiresAtMs);
        write.ExecuteNonQuery();
        transaction.Commit();
        return Task.FromResult<WriterLeaseGrant?>(grant);
    }

    /// <inheritdoc />
    public Task<bool> TryPutFencedAsync(WriterLeaseGrant grant, string collection, string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        StoreNames.Validate(collection, nameof(collection));
        StoreNames.Validate(key, nameof(key));
        ArgumentNullException.ThrowIfNull(value);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        if (!WriterLeaseRules.IsCurrent(Read(connection, transaction, grant.Lease), grant))
        {
            return Task.FromResult(false);
        }

        using var write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandText = "INSERT OR REPLACE INTO state (collection, key, value) VALUES ($c, $k, $v)";
        write.Parameters.AddWithValue("$c", collection);
        write.Parameters.AddWithValue("$k", key);
        write.Parameters.AddWithValue("$v", value);
        write.ExecuteNonQuery();
        transaction.Commit();
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public Task ReleaseAsync(WriterLeaseGrant grant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE leases SET expires_at_ms = $now WHERE name = $n AND holder = $h AND token = $t AND expires_at_ms > $now";
        command.Parameters.AddWithValue("$now", now);
        command.Parameters.AddWithValue("$n", grant.Lease);
        command.Parameters.AddWithValue("$h", grant.Holder);
        command.Parameters.AddWithValue("$t", grant.Token);
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    private static WriterLeaseGrant? Read(SqliteConnection connection, SqliteTransaction transaction, string lease)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT holder, token, expires_at_ms FROM leases WHERE name = $n";
        command.Parameters.AddWithValue("$n", lease);
        using var r = command.ExecuteReader();
        return r.Read()
            ? new WriterLeaseGrant(lease, SqliteValues.Text(r, 0, $"lease {lease}"), r.GetInt64(1), r.GetInt64(2))
            : null;
    }
}
