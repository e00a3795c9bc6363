using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.DataPlane.Tests.Stores;
using CryptoSignalTracker.Embedded.Sqlite;

namespace CryptoSignalTracker.DataPlane.Tests.Sqlite;

/// <summary>The position book contract on SQLite.</summary>
public sealed class SqlitePositionBookTests : PositionBookContract, IDisposable
{
    private readonly SqliteTestFile _file = new();

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    /// <inheritdoc />
    protected override Task<IPositionBook> CreateBookAsync() => Task.FromResult<IPositionBook>(new SqlitePositionBook(new SqliteDatabase(_file.Path)));

    /// <inheritdoc />
    protected override Task CorruptOpenPositionAsync(string signalId)
    {
        _file.Execute($"UPDATE positions SET entry_price = 'abc' WHERE signal_id = '{signalId}'");
        return Task.CompletedTask;
    }
}
