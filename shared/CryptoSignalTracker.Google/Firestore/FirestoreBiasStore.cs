using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Google.Protos.Firestore;

namespace CryptoSignalTracker.Google.Firestore;

/// <summary><see cref="IBiasStore"/> as documents <c>macro_bias/{SYMBOL}</c>.</summary>
public sealed class FirestoreBiasStore : IBiasStore
{
    private readonly FirestoreDatabase _database;

    /// <summary>Creates the store on <paramref name="database"/>.</summary>
    public FirestoreBiasStore(FirestoreDatabase database)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
    }

    /// <inheritdoc />
    public Task PutAsync(MacroBias bias, CancellationToken cancellationToken = default)
    {
        BiasGuard.Validate(bias);
        var fields = new Dictionary<string, Value>
        {
            ["symbol"] = FirestoreFields.Of(bias.Symbol),
            ["side"] = FirestoreFields.Of(WireNames.Of(bias.Side)),
            ["confidence"] = FirestoreFields.Of(bias.Confidence),
            ["published_at_ms"] = FirestoreFields.Of(bias.PublishedAtMs),
            ["expires_at_ms"] = FirestoreFields.Of(bias.ExpiresAtMs),
        };
        if (bias.Note is not null)
        {
            fields["note"] = FirestoreFields.Of(bias.Note);
        }

        return _database.SetAsync(_database.DocumentName(FirestoreCollections.MacroBias, bias.Symbol), fields, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<MacroBias?> GetAsync(string symbol, CancellationToken cancellationToken = default)
    {
        var name = _database.DocumentName(FirestoreCollections.MacroBias, Symbols.Normalize(symbol));
        var document = await _database.ReadAsync(name, cancellationToken).ConfigureAwait(false);
        return document is null ? null : Decode(document);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MacroBias>> ListAsync(CancellationToken cancellationToken = default)
    {
        var documents = await _database.QueryAsync(null, FirestoreCollections.MacroBias, null, null, cancellationToken).ConfigureAwait(false);
        return documents.Select(Decode).OrderBy(b => b.Symbol, StringComparer.Ordinal).ToArray();
    }

    private static MacroBias Decode(Document d) => FirestoreFields.Decode(d, () => new MacroBias(
        FirestoreFields.String(d, "symbol"),
        WireNames.ParseDirection(FirestoreFields.String(d, "side")),
        FirestoreFields.Number(d, "confidence"),
        FirestoreFields.Integer(d, "published_at_ms"),
        FirestoreFields.Integer(d, "expires_at_ms"),
        FirestoreFields.OptionalString(d, "note")));
}
