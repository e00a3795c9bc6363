using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Google.Protos.Firestore;

namespace CryptoSignalTracker.Google.Firestore;

/// <summary>
/// <see cref="IIdempotencyStore"/> as documents <c>{scope}/{key}</c>, created with the precondition
/// <c>current_document.exists=false</c>: ALREADY_EXISTS means another caller claimed the key first. Claims of an
/// expiring scope (<see cref="StateRetention"/>) carry <c>expire_at</c>, which the scope's TTL policy deletes by.
/// </summary>
public sealed class FirestoreIdempotencyStore : IIdempotencyStore
{
    private readonly FirestoreDatabase _database;

    /// <summary>Creates the store on <paramref name="database"/>.</summary>
    public FirestoreIdempotencyStore(FirestoreDatabase database)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
    }

    /// <inheritdoc />
    public Task<bool> TryClaimAsync(string scope, string key, CancellationToken cancellationToken = default)
    {
        var name = _database.DocumentName(scope, key);
        var fields = new Dictionary<string, Value>
        {
            ["claimed_at_ms"] = FirestoreFields.Of(_database.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds()),
        };
        FirestoreFields.AddExpiry(fields, StateRetention.ForScope(scope), _database.TimeProvider);
        return _database.TryCreateAsync(name, fields, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> IsClaimedAsync(string scope, string key, CancellationToken cancellationToken = default) =>
        await _database.ReadAsync(_database.DocumentName(scope, key), cancellationToken).ConfigureAwait(false) is not null;
}
