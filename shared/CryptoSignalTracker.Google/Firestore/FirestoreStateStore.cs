using System.Globalization;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Google.Protos.Firestore;

namespace CryptoSignalTracker.Google.Firestore;

/// <summary>
/// <see cref="IStateStore"/> as documents <c>state/{collection}/entries/{key}</c> with one string field <c>value</c>, plus the
/// timestamp <c>expire_at</c> for collections whose entries expire (<see cref="StateRetention"/>; the TTL policy on the
/// <c>entries</c> collection group deletes them).
/// </summary>
public sealed class FirestoreStateStore : IStateStore
{
    private const string ValueField = "value";
    private readonly FirestoreDatabase _database;

    /// <summary>Creates the store on <paramref name="database"/>.</summary>
    public FirestoreStateStore(FirestoreDatabase database)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
    }

    /// <inheritdoc />
    public async Task<string?> GetAsync(string collection, string key, CancellationToken cancellationToken = default)
    {
        var document = await _database.ReadAsync(Name(collection, key), cancellationToken).ConfigureAwait(false);
        return document is null ? null : FirestoreFields.String(document, ValueField);
    }

    /// <inheritdoc />
    public Task PutAsync(string collection, string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        return _database.SetAsync(Name(collection, key), Fields(collection, value, _database.TimeProvider), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> TryCreateAsync(string collection, string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        return _database.TryCreateAsync(Name(collection, key), Fields(collection, value, _database.TimeProvider), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The delete writes a receipt (<see cref="StateRetention.DeleteReceipts"/>, a random id, expiring like a claim) in
    /// the same commit, read back only when a retried delete finds the document gone: it tells this caller's applied
    /// delete, whose answer was lost, from another caller's.
    /// </remarks>
    public Task<bool> TryDeleteAsync(string collection, string key, CancellationToken cancellationToken = default)
    {
        var name = Name(collection, key);
        return _database.TryDeleteAsync(
            name,
            Name(StateRetention.DeleteReceipts, Guid.NewGuid().ToString("N")),
            Fields(StateRetention.DeleteReceipts, collection + "/" + key, _database.TimeProvider),
            cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// A compare-and-set (<see cref="FirestoreDatabase.UpdateIfUnchangedAsync{T}"/>): the new count is written only if the
    /// counter is unchanged since it was read, so two callers that read the same count cannot both write (one reads again
    /// and sees the other's increment). Each failed attempt is another caller's counted increment, so no caller needs
    /// more than <paramref name="limit"/> + 1 attempts. No lock is held, so a burst of callers (29 concurrent /verify
    /// guesses) does not wait on each other's locks as a read-write transaction does.
    /// </remarks>
    public Task<bool> TryIncrementAsync(string collection, string key, long limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var name = Name(collection, key);
        return _database.UpdateIfUnchangedAsync<bool>(
            name,
            document =>
            {
                var text = document is null ? "0" : FirestoreFields.String(document, ValueField);
                if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                {
                    throw new StoreException($"Firestore counter {name} holds '{text}', not a count");
                }

                return count >= limit
                    ? (false, null)
                    : (true, Fields(collection, (count + 1).ToString(CultureInfo.InvariantCulture), _database.TimeProvider));
            },
            $"counter {collection}/{key}",
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<KeyValuePair<string, string>>> ListAsync(string collection, CancellationToken cancellationToken = default)
    {
        var parent = _database.DocumentName(FirestoreCollections.State, collection);
        var documents = await _database.QueryAsync(parent, FirestoreCollections.StateEntries, null, null, cancellationToken).ConfigureAwait(false);
        return documents
            .Select(d => new KeyValuePair<string, string>(d.Name[(d.Name.LastIndexOf('/') + 1)..], FirestoreFields.String(d, ValueField)))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>
    /// The fields of an entry of <paramref name="collection"/> holding <paramref name="value"/>, with the expiry
    /// timestamp <see cref="StateRetention.ExpiryField"/> when the collection's entries expire (shared with the fenced
    /// writes of <see cref="FirestoreWriterLeaseStore"/>).
    /// </summary>
    internal static Dictionary<string, Value> Fields(string collection, string value, TimeProvider clock)
    {
        var fields = new Dictionary<string, Value> { [ValueField] = FirestoreFields.Of(value) };
        FirestoreFields.AddExpiry(fields, StateRetention.ForCollection(collection), clock);
        return fields;
    }

    /// <summary>The document name of entry (<paramref name="collection"/>, <paramref name="key"/>) in <paramref name="database"/>.</summary>
    internal static string Name(FirestoreDatabase database, string collection, string key) =>
        database.DocumentName(FirestoreCollections.State, collection, FirestoreCollections.StateEntries, key);

    private string Name(string collection, string key) => Name(_database, collection, key);
}
