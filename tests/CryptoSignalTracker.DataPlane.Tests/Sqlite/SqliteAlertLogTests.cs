using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.DataPlane.Tests.Stores;
using CryptoSignalTracker.Embedded.Sqlite;

namespace CryptoSignalTracker.DataPlane.Tests.Sqlite;

/// <summary>The alert log contract on SQLite.</summary>
public sealed class SqliteAlertLogTests : AlertLogContract, IDisposable
{
    private readonly SqliteTestFile _file = new();

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    /// <inheritdoc />
    protected override Task<IAlertLog> CreateLogAsync() => Task.FromResult<IAlertLog>(new SqliteAlertLog(_file.Reopen()));
}
