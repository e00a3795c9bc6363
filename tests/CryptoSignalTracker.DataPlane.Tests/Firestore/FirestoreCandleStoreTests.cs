using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.DataPlane.Tests.Stores;
using CryptoSignalTracker.Google.Firestore;
using CryptoSignalTracker.Google.Protos.Firestore;

namespace CryptoSignalTracker.DataPlane.Tests.Firestore;

/// <summary>The candle contract (the same one Bigtable and SQLite pass) on the Firestore emulator.</summary>
public sealed class FirestoreCandleStoreTests : CandleStoreContract, IDisposable
{
    private readonly FirestoreTestDatabase _database = new();

    /// <inheritdoc />
    public void Dispose() => _database.Dispose();

    /// <inheritdoc />
    protected override Task<ICandleStore> CreateStoreAsync() => Task.FromResult<ICandleStore>(new FirestoreCandleStore(_database.NewDatabase()));

    /// <inheritdoc />
    protected override async Task CorruptCloseAsync(string symbol, long openTimeMs)
    {
        var database = _database.NewDatabase();
        var name = database.DocumentName(FirestoreCollections.Candles, symbol, FirestoreCollections.CandleMinutes, (openTimeMs / 1000).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var document = await database.ReadAsync(name, CancellationToken.None);
        var fields = new Dictionary<string, Value>(document!.Fields) { ["close"] = FirestoreFields.Of("n/a") };
        await database.SetAsync(name, fields, CancellationToken.None);
    }
}
