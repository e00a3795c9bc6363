using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.DataPlane.Tests.Stores;
using CryptoSignalTracker.Google.Firestore;

namespace CryptoSignalTracker.DataPlane.Tests.Firestore;

/// <summary>The stage health records on the Firestore emulator (<c>state/stage-health/entries/{stage}</c>).</summary>
public sealed class FirestoreStageHealthTests : StageHealthContract, IDisposable
{
    private readonly FirestoreTestDatabase _database = new();

    /// <inheritdoc />
    public void Dispose() => _database.Dispose();

    /// <inheritdoc />
    protected override Task<IStateStore> CreateStoreAsync() => Task.FromResult<IStateStore>(new FirestoreStateStore(_database.NewDatabase()));
}
