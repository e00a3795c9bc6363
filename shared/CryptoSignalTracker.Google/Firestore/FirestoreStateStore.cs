using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Google.Protos.Firestore;

namespace CryptoSignalTracker.Google.Firestore;

/// <summary><see cref="IStateStore"/> as documents <c>state/{collection}/entries/{key}</c> with one string field <c>value</c>.</summary>
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
        return _database.SetAsync(Name(collection, key), Fields(value), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> TryCreateAsync(string collection, string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        return _database.TryCreateAsync(Name(collection, key), Fields(value), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> TryDeleteAsync(string collection, string key, CancellationToken cancellationToken = default) =>
        _database.TryDeleteAsync(Name(collection, key), cancellationToken);

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

    /// <summary>The fields of an entry holding <paramref name="value"/> (shared with the fenced writes of <see cref="FirestoreWriterLeaseStore"/>).</summary>
    internal static Dictionary<string, Value> Fields(string value) => new() { [ValueField] = FirestoreFields.Of(value) };

    /// <summary>The document name of entry (<paramref name="collection"/>, <paramref name="key"/>) in <paramref name="database"/>.</summary>
    internal static string Name(FirestoreDatabase database, string collection, string key) =>
        database.DocumentName(FirestoreCollections.State, collection, FirestoreCollections.StateEntries, key);

    private string Name(string collection, string key) => Name(_database, collection, key);
}
