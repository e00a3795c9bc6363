using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.DataPlane.Tests.Stores;
using CryptoSignalTracker.Google.Firestore;

namespace CryptoSignalTracker.DataPlane.Tests.Firestore;

/// <summary>The writer-lease contract on the Firestore emulator (each store its own channel, as separate instances).</summary>
public sealed class FirestoreWriterLeaseStoreTests : WriterLeaseStoreContract, IDisposable
{
    private readonly FirestoreTestDatabase _database = new();

    /// <inheritdoc />
    public void Dispose() => _database.Dispose();

    /// <inheritdoc />
    protected override IWriterLeaseStore CreateStore() => new FirestoreWriterLeaseStore(_database.NewDatabase(), Clock);

    /// <inheritdoc />
    protected override IStateStore CreateStateStore() => new FirestoreStateStore(_database.NewDatabase());
}
