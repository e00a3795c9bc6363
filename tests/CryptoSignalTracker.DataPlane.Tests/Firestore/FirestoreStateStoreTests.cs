using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.DataPlane.Tests.Stores;
using CryptoSignalTracker.Google.Firestore;

namespace CryptoSignalTracker.DataPlane.Tests.Firestore;

/// <summary>The state store contract on the Firestore emulator.</summary>
public sealed class FirestoreStateStoreTests : StateStoreContract, IDisposable
{
    private readonly FirestoreTestDatabase _database = new();

    /// <inheritdoc />
    public void Dispose() => _database.Dispose();

    /// <inheritdoc />
    protected override Task<IStateStore> CreateStoreAsync() => Task.FromResult<IStateStore>(new FirestoreStateStore(_database.NewDatabase()));
}
