using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Google.Protos.Firestore;

namespace CryptoSignalTracker.Google.Firestore;

/// <summary>
/// <see cref="IWriterLeaseStore"/> as documents <c>leases/{name}</c> (fields <c>holder</c>, <c>token</c>,
/// <c>expires_at_ms</c>). Acquiring and fenced writes are read-write transactions that read the lease document: a
/// takeover committed between a fenced write's read and its commit aborts the write's transaction, whose retry then
/// sees the new token and refuses. So a write under a stale token never lands.
/// </summary>
public sealed class FirestoreWriterLeaseStore : IWriterLeaseStore
{
    private readonly FirestoreDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the store on <paramref name="database"/>; expiry is judged by <paramref name="timeProvider"/> (default the database's).</summary>
    public FirestoreWriterLeaseStore(FirestoreDatabase database, TimeProvider? timeProvider = null)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _timeProvider = timeProvider ?? database.TimeProvider;
    }

    /// <inheritdoc />
    public Task<WriterLeaseGrant?> TryAcquireAsync(string lease, string holder, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        WriterLeaseRules.Validate(lease, holder, duration);
        var name = _database.DocumentName(FirestoreCollections.Leases, lease);
        return _database.RunTransactionAsync(
            async (tx, token) =>
            {
                var document = await tx.GetAsync(name, token).ConfigureAwait(false);
                var current = document is null ? null : Decode(lease, document);
                var grant = WriterLeaseRules.Next(current, lease, holder, duration, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
                if (grant is not null)
                {
                    if (document is null)
                    {
                        tx.Create(name, Encode(grant));
                    }
                    else
                    {
                        tx.Set(name, Encode(grant));
                    }
                }

                return grant;
            },
            $"acquiring lease {lease}",
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> TryPutFencedAsync(WriterLeaseGrant grant, string collection, string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(value);
        var target = FirestoreStateStore.Name(_database, collection, key);
        var name = _database.DocumentName(FirestoreCollections.Leases, grant.Lease);
        return _database.RunTransactionAsync(
            async (tx, token) =>
            {
                var document = await tx.GetAsync(name, token).ConfigureAwait(false);
                if (!WriterLeaseRules.IsCurrent(document is null ? null : Decode(grant.Lease, document), grant))
                {
                    return false;
                }

                tx.Set(target, FirestoreStateStore.Fields(value));
                return true;
            },
            $"writing {collection}/{key} under lease {grant.Lease} token {grant.Token}",
            cancellationToken);
    }

    /// <inheritdoc />
    public Task ReleaseAsync(WriterLeaseGrant grant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var name = _database.DocumentName(FirestoreCollections.Leases, grant.Lease);
        return _database.RunTransactionAsync(
            async (tx, token) =>
            {
                var document = await tx.GetAsync(name, token).ConfigureAwait(false);
                var current = document is null ? null : Decode(grant.Lease, document);
                var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
                if (WriterLeaseRules.IsCurrent(current, grant) && current!.ExpiresAtMs > now)
                {
                    tx.Set(name, Encode(grant with { ExpiresAtMs = now }));
                }

                return true;
            },
            $"releasing lease {grant.Lease}",
            cancellationToken);
    }

    private static Dictionary<string, Value> Encode(WriterLeaseGrant grant) => new()
    {
        ["holder"] = FirestoreFields.Of(grant.Holder),
        ["token"] = FirestoreFields.Of(grant.Token),
        ["expires_at_ms"] = FirestoreFields.Of(grant.ExpiresAtMs),
    };

    private static WriterLeaseGrant Decode(string lease, Document d) => FirestoreFields.Decode(d, () => new WriterLeaseGrant(
        lease,
        FirestoreFields.String(d, "holder"),
        FirestoreFields.Integer(d, "token"),
        FirestoreFields.Integer(d, "expires_at_ms")));
}
