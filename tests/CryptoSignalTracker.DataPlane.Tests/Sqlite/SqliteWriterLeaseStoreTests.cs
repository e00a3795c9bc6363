using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.DataPlane.Tests.Stores;
using CryptoSignalTracker.Embedded.Sqlite;

namespace CryptoSignalTracker.DataPlane.Tests.Sqlite;

/// <summary>The writer-lease contract on SQLite (each store a new database handle on one file, as separate processes).</summary>
public sealed class SqliteWriterLeaseStoreTests : WriterLeaseStoreContract, IDisposable
{
    private readonly SqliteTestFile _file = new();

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    /// <inheritdoc />
    protected override IWriterLeaseStore CreateStore() => new SqliteWriterLeaseStore(new SqliteDatabase(_file.Path), Clock);

    /// <inheritdoc />
    protected override IStateStore CreateStateStore() => new SqliteStateStore(new SqliteDatabase(_file.Path));
}
