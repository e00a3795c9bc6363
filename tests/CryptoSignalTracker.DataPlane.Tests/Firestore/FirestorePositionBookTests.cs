using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.DataPlane.Tests.Stores;
using CryptoSignalTracker.Google.Firestore;
using CryptoSignalTracker.Google.Protos.Firestore;

namespace CryptoSignalTracker.DataPlane.Tests.Firestore;

/// <summary>The position book contract on the Firestore emulator.</summary>
public sealed class FirestorePositionBookTests : PositionBookContract, IDisposable
{
    private readonly FirestoreTestDatabase _database = new();

    /// <inheritdoc />
    public void Dispose() => _database.Dispose();

    /// <inheritdoc />
    protected override Task<IPositionBook> CreateBookAsync() => Task.FromResult<IPositionBook>(new FirestorePositionBook(_database.NewDatabase()));

    /// <inheritdoc />
    protected override async Task CorruptOpenPositionAsync(string signalId)
    {
        var database = _database.NewDatabase();
        var name = database.DocumentName(FirestoreCollections.Positions, signalId);
        var document = await database.ReadAsync(name, CancellationToken.None);
        var fields = new Dictionary<string, Value>(document!.Fields) { ["entry_price"] = FirestoreFields.Of("abc") };
        await database.SetAsync(name, fields, CancellationToken.None);
    }
}
