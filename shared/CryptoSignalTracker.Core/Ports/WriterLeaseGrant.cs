namespace CryptoSignalTracker.Core.Ports;

/// <summary>A holding of a single-writer lease (see <see cref="IWriterLeaseStore"/>).</summary>
/// <param name="Lease">The lease's name.</param>
/// <param name="Holder">Who holds it (an instance id).</param>
/// <param name="Token">The fencing token: larger for every new holding of the lease, never reused.</param>
/// <param name="ExpiresAtMs">When the holding ends unless renewed (Unix milliseconds, the store's clock).</param>
public sealed record WriterLeaseGrant(string Lease, string Holder, long Token, long ExpiresAtMs);
