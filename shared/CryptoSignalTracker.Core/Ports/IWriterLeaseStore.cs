namespace CryptoSignalTracker.Core.Ports;

/// <summary>
/// A named single-writer lease with expiry and a fencing token, kept in the state store's backend (a SQLite row, a
/// Firestore document). At most one holder holds a lease at a time; each new holding gets a larger token, and a write
/// made under a token that is no longer the lease's (another holder took over, or the holding expired) is refused in
/// the same transaction that would have made it. The LogicEngine uses it so a second instance (Cloud Run briefly
/// running two, or two revisions overlapping during a deploy) never decides a minute.
/// </summary>
public interface IWriterLeaseStore
{
    /// <summary>
    /// Takes lease <paramref name="lease"/> for <paramref name="holder"/> until now + <paramref name="duration"/>: when it
    /// is free or expired a new holding begins (token one larger than the last); when <paramref name="holder"/> holds it
    /// already and it has not expired the holding is renewed (same token). Null when another holder holds it unexpired.
    /// </summary>
    Task<WriterLeaseGrant?> TryAcquireAsync(string lease, string holder, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores (<paramref name="collection"/>, <paramref name="key"/>) = <paramref name="value"/> in the state store, in
    /// one transaction with a check that <paramref name="grant"/> is still the lease's current holding (same token: no
    /// other holder has taken it since). False (and nothing written) when it is not.
    /// </summary>
    Task<bool> TryPutFencedAsync(WriterLeaseGrant grant, string collection, string key, string value, CancellationToken cancellationToken = default);

    /// <summary>Ends <paramref name="grant"/>'s holding now if it is still current (another holder may take the lease at once); the token is kept.</summary>
    Task ReleaseAsync(WriterLeaseGrant grant, CancellationToken cancellationToken = default);
}
