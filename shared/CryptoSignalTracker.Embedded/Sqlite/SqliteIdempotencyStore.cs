using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Embedded.Sqlite;

/// <summary><see cref="IIdempotencyStore"/> in the <c>claims</c> table of a <see cref="SqliteDatabase"/> (primary key = scope + key); claims of an expiring scope (<see cref="StateRetention"/>) get <c>expires_at_ms</c>.</summary>
public sealed class SqliteIdempotencyStore : IIdempotencyStore
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the store on <paramref name="database"/>; claim times come from <paramref name="timeProvider"/>.</summary>
    public SqliteIdempotencyStore(SqliteDatabase database, TimeProvider? timeProvider = null)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public Task<bool> TryClaimAsync(string scope, string key, CancellationToken cancellationToken = default)
    {
        StoreNames.Validate(scope, nameof(scope));
        StoreNames.Validate(key, nameof(key));
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO claims (scope, key, claimed_at_ms, expires_at_ms) VALUES ($scope, $key, $t, $e)";
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        command.Parameters.AddWithValue("$scope", scope);
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$t", now);
        command.Parameters.AddWithValue("$e", StateRetention.ExpiresAtMs(StateRetention.ForScope(scope), now) is { } e ? e : DBNull.Value);
        return Task.FromResult(command.ExecuteNonQuery() == 1);
    }

    /// <inheritdoc />
    public Task<bool> IsClaimedAsync(string scope, string key, CancellationToken cancellationToken = default)
    {
        StoreNames.Validate(scope, nameof(scope));
        StoreNames.Validate(key, nameof(key));
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM claims WHERE scope = $scope AND key = $key";
        command.Parameters.AddWithValue("$scope", scope);
        command.Parameters.AddWithValue("$key", key);
        return Task.FromResult(command.ExecuteScalar() is not null);
    }
}
