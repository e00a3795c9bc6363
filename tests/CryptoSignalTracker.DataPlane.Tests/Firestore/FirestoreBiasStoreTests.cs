using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.DataPlane.Tests.Stores;
using CryptoSignalTracker.Google.Firestore;
using CryptoSignalTracker.Google.Protos.Firestore;

namespace CryptoSignalTracker.DataPlane.Tests.Firestore;

/// <summary>The bias store contract on the Firestore emulator.</summary>
public sealed class FirestoreBiasStoreTests : BiasStoreContract, IDisposable
{
    private readonly FirestoreTestDatabase _database = new();

    /// <inheritdoc />
    public void Dispose() => _database.Dispose();

    /// <inheritdoc />
    protected override Task<IBiasStore> CreateStoreAsync() => Task.FromResult<IBiasStore>(new FirestoreBiasStore(_database.NewDatabase()));

    /// <inheritdoc />
    protected override async Task CorruptSideAsync(string symbol)
    {
        var database = _database.NewDatabase();
        var name = database.DocumentName(FirestoreCollections.MacroBias, symbol);
        var document = await database.ReadAsync(name, CancellationToken.None);
        var fields = new Dictionary<string, Value>(document!.Fields) { ["side"] = FirestoreFields.Of("UP") };
        await database.SetAsync(name, fields, CancellationToken.None);
    }
}
