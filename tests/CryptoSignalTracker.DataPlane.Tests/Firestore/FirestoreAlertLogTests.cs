using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.DataPlane.Tests.Stores;
using CryptoSignalTracker.Google.Firestore;

namespace CryptoSignalTracker.DataPlane.Tests.Firestore;

/// <summary>The alert log contract on the Firestore emulator.</summary>
public sealed class FirestoreAlertLogTests : AlertLogContract, IDisposable
{
    private readonly FirestoreTestDatabase _database = new();

    /// <inheritdoc />
    public void Dispose() => _database.Dispose();

    /// <inheritdoc />
    protected override Task<IAlertLog> CreateLogAsync() => Task.FromResult<IAlertLog>(new FirestoreAlertLog(_database.NewDatabase()));
}
